/* The report draft's controls (loaded by widget.js): under the bubble that ends a finished
   draft (a message with report_draft: true, docs/gateway-api.md), 'Kopieer' copies the
   draft's text from GET /api/conversations/{id}/report-draft and 'Download als PDF' links
   to GET .../report-draft.pdf. Text comes from the gateway and goes into the clipboard or
   a text box as text: nothing becomes HTML. */
(function () {
  'use strict';

  var GROUP = 'Concept voor je aangifte';
  var COPIED = 'Gekopieerd. Plak de tekst in het formulier van de politie, of in een mail aan jezelf.';
  var SELECTED = 'Kopiëren lukte niet. De tekst staat hieronder en is geselecteerd. ' +
    'Kopieer hem zelf, of download de PDF.';
  var FAILED = 'Het lukte niet om de tekst op te halen. Probeer het zo opnieuw.';
  var BOX_LABEL = 'Tekst van je concept';
  var uid = 0;

  function install(w) {
    function say(status, words) {
      // Emptied first: the same words twice are still read out.
      status.textContent = '';
      setTimeout(function () { status.textContent = words; }, 50);
    }

    // The gateway's Dutch refusal (404: erased meanwhile), else ours.
    function refusal(response) {
      return response.json().then(function (data) {
        return (data && data.error && data.error.message) || FAILED;
      }, function () { return FAILED; });
    }

    // Copying not allowed (no permission, an old browser, a page without https): the
    // text in a box, selected, so the resident can copy it by hand.
    function showSelected(box, text) {
      var id = box.getAttribute('data-draft-id');
      var area = box.querySelector('.scamhelp-draft-text');
      if (!area) {
        var label = w.el('label', 'scamhelp-label', BOX_LABEL);
        label.htmlFor = id + '-text';
        area = w.el('textarea', 'scamhelp-input scamhelp-draft-text');
        area.id = id + '-text';
        area.readOnly = true;
        area.rows = 8;
        box.append(label, area);
      }
      area.value = text;
      area.focus();
      area.setSelectionRange(0, text.length);
    }

    function copy(box, status, textUrl) {
      fetch(textUrl, { credentials: 'omit', headers: { Accept: 'text/plain' } })
        .then(function (response) {
          if (!response.ok) return refusal(response).then(function (words) { say(status, words); });
          return response.text().then(function (text) {
            var done = function () { say(status, COPIED); };
            var byHand = function () { showSelected(box, text); say(status, SELECTED); };
            if (!navigator.clipboard || !navigator.clipboard.writeText) { byHand(); return; }
            return navigator.clipboard.writeText(text).then(done, byHand);
          });
        })
        .catch(function () { say(status, FAILED); });
    }

    function attach(item) {
      if (item.querySelector('.scamhelp-draft')) return;
      uid += 1;
      var box = w.el('div', 'scamhelp-draft');
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', GROUP);
      box.setAttribute('data-draft-id', 'scamhelp-draft-' + uid);
      var actions = w.el('div', 'scamhelp-choices');
      var button = w.el('button', 'scamhelp-button scamhelp-choice scamhelp-draft-copy', 'Kopieer');
      button.type = 'button';
      var link = w.el('a', 'scamhelp-button scamhelp-choice scamhelp-draft-pdf', 'Download als PDF');
      link.href = w.url('/report-draft.pdf');
      link.setAttribute('download', 'concept-aangifte.pdf');
      var status = w.el('p', 'scamhelp-draft-status');
      status.setAttribute('role', 'status');
      var textUrl = w.url('/report-draft');
      button.addEventListener('click', function () { copy(box, status, textUrl); });
      actions.append(button, link);
      box.append(actions, status);
      item.appendChild(box);
    }

    var drafts = w.reportDrafts;
    drafts.attach = attach;
    drafts.pending.splice(0).forEach(attach);
  }

  var modules = window.ScamhelpWidget = window.ScamhelpWidget || {};
  modules.report = install;
})();
