/* Volunteer console: live queue and case updates over server-sent events.
   Fragments come from the server already escaped; nothing here builds HTML from data. */
(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  var caseId = document.body.getAttribute('data-case');

  function refresh(url, targetId) {
    var target = document.getElementById(targetId);
    if (!target) return;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        target.replaceChildren.apply(target, Array.prototype.slice.call(doc.body.childNodes));
      })
      .catch(function () { /* next event or reload tries again */ });
  }

  var canned = document.getElementById('canned');
  var text = document.getElementById('text');
  if (canned && text) {
    canned.addEventListener('change', function () {
      if (canned.value && !text.value.trim()) text.value = canned.value;
      text.focus();
    });
  }

  if ((page === 'queue' || page === 'case') && window.EventSource) {
    var update = function () {
      if (page === 'queue') refresh('/console/queue' + location.search, 'queue');
      else refresh('/console/cases/' + caseId + '/messages', 'messages');
    };
    var source = new EventSource('/console/events');
    // (Re)connected: catch up on what changed while the page loaded or the line was down.
    source.onopen = update;
    var alertBox = document.getElementById('urgent-alert');
    var title = document.title;
    source.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if ((data.new || data.escalated) && data.urgent && alertBox) {
        // A new urgent case, or a waiting one that became urgent: said in words
        // (role=alert), also in the tab title.
        alertBox.textContent = data.crisis
          ? 'Levensgevaar genoemd in een zaak. '
          : data.new ? 'Nieuwe dringende zaak in de wachtrij. ' : 'Een zaak is nu dringend. ';
        var link = document.createElement('a');
        link.href = '/console/cases/' + encodeURIComponent(String(data.case_id));
        link.textContent = 'Open de zaak';
        alertBox.appendChild(link);
        alertBox.hidden = false;
        document.title = '(!) ' + title;
      }
      if (page === 'queue' || String(data.case_id) === caseId) update();
    };
  }
})();
