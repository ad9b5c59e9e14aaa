/* The glossary (loaded by widget.js): in the bubbles of the assistant and the volunteer,
   a hard word of GET /api/glossary (common/glossary.yml) becomes a button. Tapping it, or
   reaching it with the keyboard, opens its one-line explanation under the bubble's text:
   a disclosure (aria-expanded, aria-controls), closed again with the same button or
   Escape. Each word is explained once per bubble. Words and explanations are put in as
   text: nothing becomes HTML. */
(function () {
  'use strict';

  var HINT = 'uitleg';
  var count = 0;

  function escaped(form) { return form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  function install(w) {
    var entries = {};
    var pattern = null;

    // state: 'closed', 'peek' (opened because the keyboard reached it: closes when focus
    // leaves) or 'open' (opened on purpose: stays until closed).
    function set(button, info, state) {
      button.setAttribute('data-state', state);
      button.setAttribute('aria-expanded', state === 'closed' ? 'false' : 'true');
      info.hidden = state === 'closed';
    }

    function term(word, entry, item) {
      var id = w.uid + '-term-' + (++count);
      var button = w.el('button', 'scamhelp-term', word);
      button.type = 'button';
      button.setAttribute('aria-label', word + ': ' + HINT);
      button.setAttribute('aria-controls', id);
      var info = w.el('p', 'scamhelp-term-info');
      info.id = id;
      info.setAttribute('data-no-speech', '');
      info.appendChild(w.el('strong', null, entry.term));
      info.appendChild(document.createTextNode(': ' + entry.explanation));
      set(button, info, 'closed');
      button.addEventListener('click', function () {
        set(button, info, button.getAttribute('data-state') === 'open' ? 'closed' : 'open');
      });
      button.addEventListener('focus', function () {
        var byKeyboard = false;
        try { byKeyboard = button.matches(':focus-visible'); } catch (e) { byKeyboard = false; }
        if (byKeyboard && button.getAttribute('data-state') === 'closed') set(button, info, 'peek');
      });
      button.addEventListener('blur', function () {
        if (button.getAttribute('data-state') === 'peek') set(button, info, 'closed');
      });
      button.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape' || button.getAttribute('data-state') === 'closed') return;
        set(button, info, 'closed');
        event.stopPropagation();
        event.preventDefault();
      });
      var words = item.querySelector('.scamhelp-text');
      var after = words.nextSibling;
      // Explanations stack under the text in the order of their words.
      while (after && after.classList && after.classList.contains('scamhelp-term-info')) after = after.nextSibling;
      item.insertBefore(info, after);
      return button;
    }

    // Each entry's first word in the bubble's text nodes becomes a button.
    function mark(item, info) {
      if (!pattern || info.role === 'resident') return;
      var words = item.querySelector('.scamhelp-text');
      if (!words || words.lang) return;
      var done = {};
      var nodes = [];
      var walker = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var out = document.createDocumentFragment();
        var last = 0;
        var found = false;
        pattern.lastIndex = 0;
        var m;
        while ((m = pattern.exec(text))) {
          var entry = entries[m[0].toLowerCase()];
          if (!entry || done[entry.term]) continue;
          done[entry.term] = true;
          found = true;
          out.appendChild(document.createTextNode(text.slice(last, m.index)));
          out.appendChild(term(m[0], entry, item));
          last = m.index + m[0].length;
        }
        if (!found) return;
        out.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(out, node);
      });
    }

    w.api('GET', '/api/glossary').then(function (r) {
      var list = r.status === 200 && r.data && Array.isArray(r.data.entries) ? r.data.entries : [];
      var forms = [];
      list.forEach(function (entry) {
        (entry.forms || []).forEach(function (form) {
          entries[form.toLowerCase()] = entry;
          forms.push(form);
        });
      });
      if (!forms.length) return;
      // Longest first: 'rekeningnummers' before 'rekeningnummer'. Whole words only, and
      // never a part of an address ('valse-email@fraudehelpdesk.nl', 'fraudehelpdesk.nl').
      forms.sort(function (a, b) { return b.length - a.length; });
      pattern = new RegExp('(?<![\\p{L}\\p{N}\\-@./])(?:' + forms.map(escaped).join('|') +
        ')(?![\\p{L}\\p{N}\\-@/]|\\.[\\p{L}\\p{N}])', 'giu');
      w.onBubble(mark);
    }).catch(function () { /* no glossary: the texts stand on their own */ });
  }

  window.ScamhelpWidget = window.ScamhelpWidget || {};
  window.ScamhelpWidget.glossary = install;
})();
