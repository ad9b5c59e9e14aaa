/* The widget's image button (loaded by widget.js): a screenshot of a scam SMS, app or
   e-mail goes to POST /api/conversations/{id}/images, chosen with the button (on a phone:
   camera or gallery), dropped on the chat or pasted in the text box. The answer is shown
   by widget.js like the answer to a text. The picture is never stored by the widget: the
   bubble shows a thumbnail from an object URL, revoked as soon as it is drawn. */
(function () {
  'use strict';

  // The gateway's limits (bot/images/upload.py), checked here first so that a resident on
  // a slow line does not wait for an upload that is refused anyway. The same Dutch words
  // as the gateway's (bot/texts.py: IMAGE_TOO_LARGE, NOT_AN_IMAGE, TOO_MANY_IMAGES,
  // IMAGE_NOT_READ_ONE); the browser test compares them.
  var MAX_BYTES = 10 * 1024 * 1024;
  var MAX_FILES = 4;
  var TOO_LARGE = 'Deze afbeelding is te groot (meer dan 10 MB). ' +
    'Maak een schermafbeelding van alleen het bericht, of typ de tekst over.';
  var NOT_AN_IMAGE = 'Dit bestand is geen foto of schermafbeelding. ' +
    'Stuur een afbeelding (bijvoorbeeld JPG of PNG), of typ de tekst over.';
  var TOO_MANY = 'Stuur maximaal ' + MAX_FILES + ' afbeeldingen tegelijk.';
  var LOST = 'Geen verbinding. Je afbeelding is niet verstuurd. Probeer het zo opnieuw.';
  var BUSY = 'Even wachten. Ik ben nog bezig met je vorige bericht. Stuur de afbeelding daarna opnieuw.';
  var READING = 'Ik lees je afbeelding…';
  var NAME = 'Stuur een foto of schermafbeelding';
  var DROP = 'Laat los om de afbeelding te sturen.';
  // Said under the text box: many residents do not know a picture can be sent.
  var HINT = 'Met Foto stuur je een foto of schermafbeelding van het bericht.';
  // A file from a folder sometimes comes without a type (Windows, some phones): then its
  // name decides. HEIC passes here; the gateway says in Dutch how to send it instead.
  var IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp|tiff?|heic|heif)$/i;
  var SVG = 'http://www.w3.org/2000/svg';

  function list(files) { return Array.prototype.slice.call(files || []); }

  function isImage(file) {
    if (file.type) return /^image\//i.test(file.type);
    return IMAGE_NAME.test(file.name || '');
  }

  // The Dutch reason not to send these files, or '' when they may go. Of several, the
  // first that cannot go is named by its number, as the gateway does.
  function refusal(files) {
    if (files.length > MAX_FILES) return TOO_MANY;
    for (var i = 0; i < files.length; i++) {
      var reason = !isImage(files[i]) ? NOT_AN_IMAGE : files[i].size > MAX_BYTES ? TOO_LARGE : '';
      if (reason) return files.length > 1 ? 'Afbeelding ' + (i + 1) + ': ' + reason : reason;
    }
    return '';
  }

  // A camera drawn with a few lines; currentColor keeps it in the button's colour (also
  // in Windows' high-contrast mode).
  function cameraIcon() {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'scamhelp-icon');
    var body = document.createElementNS(SVG, 'path');
    body.setAttribute('d', 'M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z');
    var lens = document.createElementNS(SVG, 'circle');
    lens.setAttribute('cx', '12');
    lens.setAttribute('cy', '13');
    lens.setAttribute('r', '4');
    [body, lens].forEach(function (shape) {
      shape.setAttribute('fill', 'none');
      shape.setAttribute('stroke', 'currentColor');
      shape.setAttribute('stroke-width', '2');
      shape.setAttribute('stroke-linejoin', 'round');
      svg.appendChild(shape);
    });
    return svg;
  }

  function install(w) {
    var button = w.el('button', 'scamhelp-button scamhelp-image');
    button.type = 'button';
    // The visible word is part of the name (WCAG 2.5.3); the title is the tooltip.
    button.setAttribute('aria-label', NAME);
    button.title = NAME;
    button.appendChild(cameraIcon());
    button.appendChild(w.el('span', 'scamhelp-image-word', 'Foto'));
    var picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = 'image/*';
    picker.multiple = true;
    picker.hidden = true;
    picker.className = 'scamhelp-picker';
    picker.tabIndex = -1;
    var dropHint = w.el('p', 'scamhelp-drop', DROP);
    dropHint.hidden = true;
    w.row.insertBefore(button, w.sendButton);
    w.hint.appendChild(document.createTextNode(' ' + HINT));
    w.form.appendChild(picker);
    w.log.parentNode.insertBefore(dropHint, w.log.nextSibling);

    // The resident's bubble while the picture is read: a thumbnail and their words; the
    // waiting line after it. done(ok): the waiting line goes, and the bubble too when the
    // picture was not taken (the resident tries again; nothing false stays on screen).
    function reading(files, text) {
      var many = files.length > 1;
      var item = w.bubble('resident', many ? files.length + ' afbeeldingen verstuurd' : 'Afbeelding verstuurd',
        'scamhelp-upload');
      // The button's camera, not an emoji: not every computer has a font for those.
      item.insertBefore(cameraIcon(), item.querySelector('.scamhelp-text'));
      if (window.URL && URL.createObjectURL) {
        var thumbs = w.el('span', 'scamhelp-thumbs');
        files.forEach(function (file) {
          var url = URL.createObjectURL(file);
          var img = document.createElement('img');
          img.className = 'scamhelp-thumb';
          img.alt = '';  // the bubble's words say what it is
          img.onload = function () { URL.revokeObjectURL(url); };
          img.onerror = function () { URL.revokeObjectURL(url); img.remove(); };
          img.src = url;
          thumbs.appendChild(img);
        });
        item.appendChild(thumbs);
      }
      if (text) item.appendChild(w.el('span', 'scamhelp-text scamhelp-caption', text));
      var wait = w.bubble('bot', READING, 'scamhelp-wait');
      return function done(ok) {
        wait.remove();
        if (!ok) {
          item.querySelectorAll('img').forEach(function (img) { URL.revokeObjectURL(img.src); });
          item.remove();
        }
      };
    }

    function sendFiles(chosen) {
      var files = list(chosen);
      if (!files.length) return;
      var reason = refusal(files);
      if (reason) { w.notice(reason); return; }
      if (w.busy()) { w.notice(BUSY); return; }
      var typed = w.input.value;
      var text = typed.trim() ? typed : '';
      // Built once: sent again after a network error, it is the same message (same key).
      var body = new FormData();
      files.forEach(function (file) { body.append('image', file, file.name || 'afbeelding.png'); });
      if (text) body.append('text', text);
      body.append('client_key', w.newKey());
      var done = null;
      w.withBusy(function () {
        return w.ensure().then(function (ok) {
          if (!ok) return false;
          done = reading(files, text);
          return w.post(function () { return w.api('POST', w.path('/images'), body); }, null, LOST);
        });
      }).then(function (ok) {
        if (done) done(ok);
        if (ok && text) w.sent(typed);
      });
    }

    button.addEventListener('click', function () { picker.click(); });
    picker.addEventListener('change', function () {
      var files = list(picker.files);
      // Emptied, so that choosing the same picture again is a new choice.
      picker.value = '';
      sendFiles(files);
    });

    // Drag and drop: only a drag that carries files is ours; dragged text still goes into
    // the text box as usual.
    function carriesFiles(event) {
      var types = event.dataTransfer && event.dataTransfer.types;
      return !!types && list(types).indexOf('Files') !== -1;
    }
    function dropping(on) {
      w.root.classList.toggle('scamhelp-dropping', on);
      dropHint.hidden = !on;
    }
    ['dragenter', 'dragover'].forEach(function (type) {
      w.root.addEventListener(type, function (event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();  // else the browser opens the file instead of the widget
        event.dataTransfer.dropEffect = 'copy';
        dropping(true);
      });
    });
    w.root.addEventListener('dragleave', function (event) {
      if (!event.relatedTarget || !w.root.contains(event.relatedTarget)) dropping(false);
    });
    w.root.addEventListener('drop', function (event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      dropping(false);
      sendFiles(event.dataTransfer.files);
    });

    // Paste: a picture from the clipboard (a screenshot, 'Afbeelding kopiëren'). When the
    // clipboard also holds text, the text is what the resident meant (a spreadsheet or a
    // document puts a picture of itself next to its text), so it is pasted as usual.
    w.input.addEventListener('paste', function (event) {
      var data = event.clipboardData;
      if (!data) return;
      var files = list(data.files);
      if (!files.length) {
        list(data.items).forEach(function (item) {
          var file = item.kind === 'file' && item.getAsFile();
          if (file) files.push(file);
        });
      }
      if (!files.length || (data.getData('text/plain') || '').trim()) return;
      event.preventDefault();
      sendFiles(files);
    });
  }

  var modules = window.ScamhelpWidget = window.ScamhelpWidget || {};
  modules.images = install;
})();
