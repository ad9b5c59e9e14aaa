/* Volunteer console: live queue and case updates over server-sent events, unread markers
   on every page, and a reply form that sends without a reload and keeps a draft.
   Everything here enhances forms that work without JavaScript. Fragments come from the
   server already escaped; nothing here builds HTML from data (only fixed Dutch text). */
(function () {
  'use strict';
  var page = document.body.getAttribute('data-page');
  var caseId = document.body.getAttribute('data-case');
  var badge = document.getElementById('unread-badge');
  var baseTitle = document.title;
  var urgentSeen = false;
  var loggedOutShown = false;

  function csrf() {
    var field = document.querySelector('input[name="csrf"]');
    return field ? field.value : '';
  }

  // A session that ended answers a fetch with a redirect to the log-in page (pages) or
  // 401 (JSON). Never put that page inside this one.
  function endedSession(response) {
    return response.type === 'opaqueredirect' || response.status === 401 ||
      (response.redirected && /\/console\/login/.test(response.url));
  }

  function showLoggedOut() {
    if (loggedOutShown) return;
    loggedOutShown = true;
    var text = document.getElementById('text');
    if (text) keepLocally(text.value);
    var banner = document.createElement('p');
    banner.className = 'error session-ended';
    banner.setAttribute('role', 'alert');
    banner.textContent = text && text.value.trim()
      ? 'Je bent uitgelogd. Je tekst is bewaard. ' : 'Je bent uitgelogd. ';
    var link = document.createElement('a');
    link.href = '/console/login?terug=' + encodeURIComponent(location.pathname);
    link.textContent = 'Log opnieuw in.';
    banner.appendChild(link);
    var main = document.getElementById('inhoud');
    main.insertBefore(banner, main.firstChild);
    if (source) source.close();
  }

  function get(url, accept) {
    return fetch(url, {
      credentials: 'same-origin', redirect: 'manual', headers: { Accept: accept }
    }).then(function (response) {
      if (endedSession(response)) { showLoggedOut(); return null; }
      return response.ok ? response : null;
    });
  }

  function refresh(url, targetId) {
    var target = document.getElementById(targetId);
    if (!target) return Promise.resolve();
    return get(url, 'text/html')
      .then(function (response) { return response ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        target.replaceChildren.apply(target, Array.prototype.slice.call(doc.body.childNodes));
      })
      .catch(function () { /* the next event or a reload tries again */ });
  }

  function refreshCase() {
    var read = document.visibilityState === 'visible' ? '?gelezen=1' : '';
    return Promise.all([
      refresh('/console/cases/' + caseId + '/messages' + read, 'messages'),
      refresh('/console/cases/' + caseId + '/state', 'case-state'),
      // Only the draft's answers: the correction form around it is left as typed.
      refresh('/console/cases/' + caseId + '/report-draft', 'report-draft')
    ]);
  }

  // --- never miss a message: title counter, badge, sound, notifications -------------------
  var unread = null;  // case id -> count, as last fetched
  var audio = null;
  var soundOn = localStorage.getItem('console.sound') === 'on';

  var lastTotal = 0;
  function setTitle(total) {
    lastTotal = total;
    document.title = (urgentSeen ? '(!) ' : '') + (total ? '(' + total + ') ' : '') + baseTitle;
  }

  function beep() {
    if (!soundOn || !audio) return;
    var tone = audio.createOscillator();
    var gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.15;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.18);
  }

  function notify(id) {
    if (!window.Notification || Notification.permission !== 'granted') return;
    if (localStorage.getItem('console.notify') !== 'on') return;
    // No resident content: only which case.
    var note = new Notification('Nieuw bericht in zaak ' + id, { tag: 'zaak-' + id });
    note.onclick = function () { window.focus(); location.href = '/console/cases/' + id; };
  }

  function checkUnread() {
    if (!badge) return Promise.resolve();
    return get('/console/unread', 'application/json')
      .then(function (response) { return response ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var total = data.total || 0;
        badge.textContent = total ? ' ' + total + ' nieuw' : '';
        badge.hidden = !total;
        setTitle(total);
        if (unread !== null) {
          var grew = Object.keys(data.cases).filter(function (id) {
            return data.cases[id] > (unread[id] || 0);
          });
          if (grew.length) beep();
          grew.forEach(function (id) {
            if (id !== caseId || document.visibilityState !== 'visible') notify(id);
          });
        }
        unread = data.cases;
      })
      .catch(function () { /* try again at the next event */ });
  }

  function alertSettings() {
    var box = document.getElementById('alert-settings');
    if (!box) return;
    var sound = document.createElement('button');
    sound.type = 'button';
    var showSound = function () {
      sound.textContent = soundOn ? 'Geluid bij nieuw bericht: aan' : 'Geluid bij nieuw bericht: uit';
      sound.setAttribute('aria-pressed', soundOn ? 'true' : 'false');
    };
    sound.addEventListener('click', function () {
      soundOn = !soundOn;
      localStorage.setItem('console.sound', soundOn ? 'on' : 'off');
      if (soundOn && !audio && (window.AudioContext || window.webkitAudioContext)) {
        audio = new (window.AudioContext || window.webkitAudioContext)();
      }
      showSound();
      beep();
    });
    showSound();
    box.appendChild(sound);
    if (window.Notification) {
      var ask = document.createElement('button');
      ask.type = 'button';
      var showAsk = function () {
        var on = Notification.permission === 'granted' &&
          localStorage.getItem('console.notify') === 'on';
        ask.textContent = on ? 'Meldingen staan aan (uitzetten)' : 'Meldingen aanzetten';
      };
      ask.addEventListener('click', function () {
        if (Notification.permission === 'granted' &&
            localStorage.getItem('console.notify') === 'on') {
          localStorage.setItem('console.notify', 'off');
          showAsk();
          return;
        }
        Notification.requestPermission().then(function (answer) {
          localStorage.setItem('console.notify', answer === 'granted' ? 'on' : 'off');
          showAsk();
        });
      });
      showAsk();
      box.appendChild(ask);
    }
    box.hidden = false;
    // A sound chosen earlier needs a click on the page before the browser plays it.
    if (soundOn) {
      document.addEventListener('click', function once() {
        if (!audio && (window.AudioContext || window.webkitAudioContext)) {
          audio = new (window.AudioContext || window.webkitAudioContext)();
        }
        document.removeEventListener('click', once);
      });
    }
  }

  // --- the reply form: send without reload, at most once, with a draft ---------------------
  var form = document.getElementById('reply-form');
  var text = document.getElementById('text');
  var draftKey = 'console.draft.' + caseId;

  function keepLocally(value) {
    if (!caseId) return;
    if (value.trim()) localStorage.setItem(draftKey, JSON.stringify({ text: value, at: Date.now() }));
    else localStorage.removeItem(draftKey);
  }

  function post(url, body, accept) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin', redirect: 'manual', body: body,
      headers: { 'X-CSRF-Token': csrf(), Accept: accept || 'application/json' }
    });
  }

  var draftTimer = null;
  function saveDraft() {
    var value = text.value;
    post('/console/cases/' + caseId + '/draft', new URLSearchParams({ text: value }))
      .then(function (response) {
        if (endedSession(response)) { showLoggedOut(); return; }
        // Kept on the server: the browser need not hold it any more.
        if (response.ok && text.value === value) localStorage.removeItem(draftKey);
      })
      .catch(function () { /* still in localStorage */ });
  }
  function draftChanged() {
    keepLocally(text.value);
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 1000);
  }

  function insertCanned(select) {
    var chosen = select.value;
    if (!chosen) return;
    var start = text.selectionStart, end = text.selectionEnd;
    text.setRangeText(chosen, start, end, 'end');
    select.value = '';
    text.focus();
    draftChanged();
  }

  function setUpReply() {
    if (!form || !text) return;
    var status = document.getElementById('reply-status');
    var send = document.getElementById('send');
    var select = document.getElementById('canned');
    var insert = document.getElementById('canned-insert');
    if (select && insert) {
      insert.hidden = false;
      insert.addEventListener('click', function () { insertCanned(select); });
    }
    // Unsaved text from before a session end is newer than the server's draft.
    var local = null;
    try { local = JSON.parse(localStorage.getItem(draftKey) || 'null'); } catch (e) { local = null; }
    var serverAt = Number(text.getAttribute('data-draft-at') || 0);
    if (local && local.text && local.at > serverAt && local.text !== text.value) {
      text.value = local.text;
      draftChanged();
    }
    text.addEventListener('input', draftChanged);
    text.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    var sending = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (sending) return;
      sending = true;
      send.disabled = true;
      status.textContent = 'Bezig met versturen…';
      clearTimeout(draftTimer);
      post(form.action, new URLSearchParams(new FormData(form)))
        .then(function (response) {
          if (endedSession(response)) {
            status.textContent = '';
            showLoggedOut();
            return null;
          }
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          if (!result) return;
          if (!result.ok) {
            status.textContent = result.data.error || 'Versturen lukte niet. Probeer het opnieuw.';
            return;
          }
          form.elements.client_key.value = result.data.client_key;
          text.value = '';
          if (select) select.value = '';
          localStorage.removeItem(draftKey);
          status.textContent = 'Verstuurd.';
          return refreshCase();
        })
        .catch(function () {
          // The same key is sent again next time: a reply that did arrive is not doubled.
          status.textContent = 'Geen verbinding. Je tekst staat er nog. Probeer het opnieuw.';
        })
        .then(function () {
          sending = false;
          send.disabled = false;
          text.focus();
        });
    });
  }

  // --- live updates ------------------------------------------------------------------------
  var source = null;
  function connect() {
    if (!badge || !window.EventSource) return;
    source = new EventSource('/console/events');
    // (Re)connected: catch up on what changed while the page loaded or the line was down.
    source.onopen = function () {
      var done = page === 'queue' ? refresh('/console/queue' + location.search, 'queue')
        : page === 'case' ? refreshCase() : Promise.resolve();
      done.then(checkUnread);
    };
    source.onerror = function () {
      // The stream ends with the session: find out, and say so instead of retrying blindly.
      get('/console/unread', 'application/json').catch(function () {});
    };
    var alertBox = document.getElementById('urgent-alert');
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
        urgentSeen = true;
        setTitle(lastTotal);
      }
      var done = Promise.resolve();
      if (page === 'queue') done = refresh('/console/queue' + location.search, 'queue');
      else if (page === 'case' && String(data.case_id) === caseId) done = refreshCase();
      // After the case page marked what it shows as read, so this case does not beep.
      done.then(checkUnread);
    };
  }

  alertSettings();
  setUpReply();
  connect();
  checkUnread();
  if (page === 'case') {
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') refreshCase().then(checkUnread);
    });
    // Delivered and seen marks, and a session that ended, also without an event.
    setInterval(function () {
      if (document.visibilityState === 'visible' && !loggedOutShown) refreshCase();
    }, 30000);
  }
})();
