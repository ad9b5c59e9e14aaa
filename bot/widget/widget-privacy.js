/* The widget's 'Privacy' link (loaded by widget.js): a small text button under the chat
   that opens a short plain-Dutch text in the widget (a disclosure: aria-expanded on the
   button, the text in a labelled region, Escape closes it) with 'Download dit gesprek',
   which fetches GET /api/conversations/{id}/export and saves it as a text file. The
   longer text for the municipality is docs/privacy.md. Text goes in as text: nothing
   becomes HTML. */
(function () {
  'use strict';

  var TOGGLE = 'Privacy';
  var HEADING = 'Wat we bewaren';
  var LINES = [
    'We bewaren je berichten en onze antwoorden. Zo kan het gesprek verder gaan.',
    'Na je laatste bericht wissen we alles vanzelf. Dat gebeurt na een vaste tijd die de ' +
      'gemeente kiest, meestal 30 dagen.',
    'Een vrijwilliger leest je gesprek alleen als je om een mens vroeg.',
    'De gemeente ziet alleen aantallen. Nooit je berichten of wie je bent.',
    "Wil je dat we alles nu wissen? Kies 'Verwijder dit gesprek'.",
    'Wil je zelf zien wat we bewaren? Download dan dit gesprek.'
  ];
  var DOWNLOAD = 'Download dit gesprek';
  var FILE = 'mijn-gesprek.txt';
  var SAVED = 'Het gesprek staat in je downloads: ' + FILE + '.';
  var NOTHING_YET = 'Er is nog geen gesprek om te downloaden.';
  var FAILED = 'Het downloaden lukte niet. Probeer het zo opnieuw.';

  function install(w) {
    var id = w.uid + '-privacy';
    var toggle = w.el('button', 'scamhelp-privacy-toggle', TOGGLE);
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', id);

    var panel = w.el('div', 'scamhelp-privacy');
    panel.id = id;
    panel.hidden = true;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-labelledby', id + '-heading');
    var heading = w.el('h3', 'scamhelp-privacy-heading', HEADING);
    heading.id = id + '-heading';
    panel.appendChild(heading);
    LINES.forEach(function (line) { panel.appendChild(w.el('p', '', line)); });
    var download = w.el('button', 'scamhelp-button scamhelp-privacy-download', DOWNLOAD);
    download.type = 'button';
    var status = w.el('p', 'scamhelp-privacy-status');
    status.setAttribute('role', 'status');
    panel.append(download, status);

    function say(words) {
      // Emptied first: the same words twice are still read out.
      status.textContent = '';
      setTimeout(function () { status.textContent = words; }, 50);
    }

    function open(shown) {
      panel.hidden = !shown;
      toggle.setAttribute('aria-expanded', shown ? 'true' : 'false');
    }

    function save(text) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      link.download = FILE;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      say(SAVED);
    }

    download.addEventListener('click', function () {
      if (!w.conversationId()) { say(NOTHING_YET); return; }
      fetch(w.url('/export'), { credentials: 'omit', headers: { Accept: 'text/plain' } })
        .then(function (response) {
          if (response.ok) return response.text().then(save);
          // The gateway's Dutch refusal (404: the conversation is gone), else ours.
          return response.json().then(function (data) {
            say((data && data.error && data.error.message) || FAILED);
          }, function () { say(FAILED); });
        })
        .catch(function () { say(FAILED); });
    });
    toggle.addEventListener('click', function () { open(panel.hidden); });
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') { open(false); toggle.focus(); }
    });

    w.actions.appendChild(toggle);
    w.actions.parentNode.insertBefore(panel, w.actions.nextSibling);
  }

  var modules = window.ScamhelpWidget = window.ScamhelpWidget || {};
  modules.privacy = install;
})();
