/* Scam-help chat widget: one <script src=".../widget/widget.js" data-campaign="..." defer> tag.
   data-mode="launcher" puts a round chat button in a corner of the page instead
   (widget-launcher.js); inline, where the tag stands, is the default. */
(function () {
  'use strict';

  var script = document.currentScript ||
    document.querySelector('script[src*="widget/widget.js"]');
  if (!script || script.dataset.scamhelpLoaded) return;
  script.dataset.scamhelpLoaded = '1';

  var KEY = 'scamhelp.conversation';
  // The conversation a return link was already offered for (shown once, not again).
  var LINK_KEY = 'scamhelp.linkOffered';
  var HANDED_OFF = { waiting: true, volunteer: true };
  var LINK_SAVE = 'Bewaar deze link. Hiermee kom je terug in dit gesprek, ook op een andere telefoon of computer.';
  var LINK_WHAT = 'Een link is een adres van een pagina op internet. Open de link later, dan zie je dit gesprek weer. ' +
    'Ook het antwoord van de vrijwilliger.';
  var LINK_PRIVATE = 'Deel de link niet. Wie de link heeft, kan dit gesprek lezen.';
  var LINK_FAILED = 'Het lukte niet om een link te maken. Probeer het zo opnieuw.';
  var RETURN_FAILED = 'Deze link werkt niet. Je kunt een nieuw gesprek beginnen.';
  var POLL_MS = 5000;
  var OFFLINE = 'Geen verbinding. Je tekst staat er nog. Probeer het zo opnieuw.';
  var FAILED = 'Er ging iets mis. Probeer het zo opnieuw.';
  var RESEND_MS = 1500;
  var PREFIX = { resident: 'Jij: ', bot: 'Assistent: ', volunteer: 'Vrijwilliger: ' };
  var base = (script.dataset.gateway || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var campaign = script.dataset.campaign || null;
  // On the /terug page: the secret comes from the link's fragment (never sent to a server
  // in a URL); it is taken out of the address bar at once.
  var returnMode = script.dataset.return === '1';
  var launcherMode = script.dataset.mode === 'launcher' && !returnMode;
  // Text directions of the languages a bubble may carry (message.lang).
  var RTL = /^(ar|fa|he|ur)(-|$)/i;

  var conversationId = null;
  var shown = new Set();
  var lastId = 0;
  var advice = [];
  var adviceShown = false;
  var busy = false;
  // The text in the input and its message key, kept until the gateway took it.
  var typed = { text: null, key: null };
  var source = null;
  var sourceErrors = 0;
  var pollTimer = null;
  var toAck = { delivered: [], seen: [] };
  var unseen = [];
  var ackTimer = null;
  var uid = 'scamhelp-' + Math.random().toString(36).slice(2, 8);
  // What the modules add to each bubble and button (read aloud, glossary, pictograms).
  var bubbleHooks = [];
  var buttonHooks = [];
  // True while earlier messages are put back (a resumed conversation): not new.
  var replaying = false;
  // The first bubble of the answer being shown: the log keeps it in view.
  var firstNew = null;

  // --- storage (sessionStorage only: gone when the tab closes) ------------
  function stored() {
    try { return sessionStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(id) {
    try {
      if (id) sessionStorage.setItem(KEY, id); else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage blocked: the conversation lasts as long as the page */ }
  }
  function linkOffered() {
    try { return sessionStorage.getItem(LINK_KEY) === conversationId; } catch (e) { return false; }
  }
  function rememberLinkOffered() {
    try { sessionStorage.setItem(LINK_KEY, conversationId); } catch (e) { /* page only */ }
  }

  // --- DOM -----------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  var css = el('link');
  css.rel = 'stylesheet';
  css.href = new URL('widget.css', script.src).href;
  document.head.appendChild(css);

  var root = el('section', 'scamhelp-widget');
  root.lang = 'nl';
  root.setAttribute('aria-labelledby', uid + '-title');
  var title = el('h2', 'scamhelp-title', 'Hulp bij oplichting');
  title.id = uid + '-title';
  // The conversation's own switches (read aloud): filled by the modules.
  var tools = el('div', 'scamhelp-tools');
  var log = el('div', 'scamhelp-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', 'Gesprek');
  log.tabIndex = 0;
  var form = el('form', 'scamhelp-form');
  form.noValidate = true;
  var label = el('label', 'scamhelp-label', 'Je bericht');
  label.htmlFor = uid + '-input';
  var row = el('div', 'scamhelp-row');
  var input = el('textarea', 'scamhelp-input');
  input.id = uid + '-input';
  input.rows = 2;
  input.autocomplete = 'off';
  input.setAttribute('aria-describedby', uid + '-hint');
  var hint = el('p', 'scamhelp-hint', 'Enter verstuurt. Shift + Enter geeft een nieuwe regel.');
  hint.id = uid + '-hint';
  var send = el('button', 'scamhelp-button scamhelp-send', 'Verstuur');
  send.type = 'submit';
  var erase = el('button', 'scamhelp-button scamhelp-erase', 'Verwijder dit gesprek');
  erase.type = 'button';
  var later = el('button', 'scamhelp-button scamhelp-later', 'Terugkomen later?');
  later.type = 'button';
  later.setAttribute('aria-describedby', uid + '-later');
  var laterHint = el('span', 'scamhelp-sr', 'Maakt een link waarmee je later terugkomt in dit gesprek.');
  laterHint.id = uid + '-later';
  // The return link is said here (polite), after what the log said first.
  var linkBox = el('div', 'scamhelp-link');
  linkBox.setAttribute('aria-live', 'polite');
  var actions = el('div', 'scamhelp-actions');
  actions.append(later, erase, laterHint);
  row.append(input, send);
  form.append(label, row, hint);
  root.append(title, tools, log, linkBox, form, actions);

  function placeInline() {
    var parent = script.parentNode;
    if (parent && document.body && document.body.contains(script)) parent.insertBefore(root, script);
    else document.body.appendChild(root);
  }

  // --- rendering (textContent only: nothing from anyone becomes HTML) -------
  // An answer of several bubbles starts with the most urgent one ('Dit is nu het
  // belangrijkst: ...'): the log shows the first new bubble at its top, not the last one.
  // Scrolled past the end, the browser stops at the end: a short answer shows whole.
  function scroll() {
    log.scrollTop = firstNew && firstNew.parentNode === log ? firstNew.offsetTop - 8 : log.scrollHeight;
  }

  function onBubble(hook) {
    bubbleHooks.push(hook);
    log.querySelectorAll('.scamhelp-msg').forEach(function (item) {
      hook(item, { role: item.getAttribute('data-role'), fresh: false });
    });
  }

  function bubble(role, text, extraClass, lang) {
    var item = el('div', 'scamhelp-msg scamhelp-' + role + (extraClass ? ' ' + extraClass : ''));
    item.setAttribute('data-role', role);
    item.appendChild(el('span', 'scamhelp-sr', PREFIX[role] || PREFIX.bot));
    var words = el('span', 'scamhelp-text', text || '');
    if (lang) {
      // Another language (the gateway's answer to a message that is not Dutch): screen
      // readers and the read-aloud voice pronounce it in that language.
      words.lang = lang;
      if (RTL.test(lang)) words.dir = 'rtl';
    }
    item.appendChild(words);
    log.appendChild(item);
    if (role !== 'resident' && !firstNew && !replaying) firstNew = item;
    var info = { role: role, fresh: !replaying };
    bubbleHooks.forEach(function (hook) { hook(item, info); });
    scroll();
    return item;
  }

  // Start a new answer: the next bot bubble is the one kept in view.
  function answerStarts() { firstNew = null; }

  function notice(text) { bubble('bot', text, 'scamhelp-notice'); }

  function disableButtons(group) {
    var groups = group ? [group] : log.querySelectorAll('.scamhelp-choices');
    groups.forEach(function (g) {
      g.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
    });
  }

  function show(message) {
    if (message.id != null) {
      if (shown.has(message.id)) return;
      shown.add(message.id);
      if (message.id > lastId) lastId = message.id;
    }
    var role = PREFIX[message.role] ? message.role : 'bot';
    var item = bubble(role, message.text, null, message.lang);
    if (role === 'volunteer' && message.id != null) received(message.id);
    if (message.report_draft && role !== 'resident') reportDraftUnder(item);
    var buttons = message.buttons || [];
    if (!buttons.length || role === 'resident') return;
    var group = el('div', 'scamhelp-choices');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Kies een antwoord');
    buttons.forEach(function (b) {
      var button = el('button', 'scamhelp-button scamhelp-choice', b.title || b.payload);
      button.type = 'button';
      button.addEventListener('click', function () { press(b, group); });
      buttonHooks.forEach(function (hook) { hook(button, b); });
      group.appendChild(button);
    });
    item.appendChild(group);
    scroll();
  }

  // A finished report draft ends this bubble: widget-report.js adds 'Kopieer' and
  // 'Download als PDF' under it, also for bubbles shown before that file arrived.
  var reportDrafts = { pending: [], attach: null };
  function reportDraftUnder(item) {
    if (reportDrafts.attach) reportDrafts.attach(item); else reportDrafts.pending.push(item);
  }

  function showAll(messages) {
    (messages || []).forEach(show);
  }

  // Earlier messages put back (a resumed conversation): the log ends at the last one.
  function replay(messages) {
    replaying = true;
    answerStarts();
    try { showAll(messages); } finally { replaying = false; }
    scroll();
  }

  // --- HTTP ------------------------------------------------------------------
  // Resolves {status, data}; rejects only on a network error. A FormData body (pictures)
  // goes as it is: the browser writes its multipart Content-Type with the boundary.
  function api(method, path, body) {
    var init = { method: method, credentials: 'omit', headers: { Accept: 'application/json' } };
    if (typeof FormData === 'function' && body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function errorText(result) {
    var error = result && result.data && result.data.error;
    return (error && error.message) || FAILED;
  }

  function path(suffix) {
    return '/api/conversations/' + encodeURIComponent(conversationId) + (suffix || '');
  }

  // The essential advice once, and what went wrong. result: the gateway's answer, when
  // it gave one (a 503 says why, in Dutch); else 'Geen verbinding' (lost: in the words of
  // what was not sent).
  function offline(result, lost) {
    if (!adviceShown && advice.length) {
      adviceShown = true;
      advice.forEach(function (m) {
        show({ role: 'bot', text: m.text, buttons: [] });
      });
    }
    var error = result && result.data && result.data.error;
    notice((error && error.message) || lost || OFFLINE);
  }

  // A key per message, the same when it is sent again (docs/gateway-api.md: client_key).
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
  }

  function loadAdvice() {
    return api('GET', '/api/essential-advice').then(function (r) {
      if (r.status === 200 && r.data && Array.isArray(r.data.messages)) advice = r.data.messages;
    }).catch(function () { /* try again at the next failure */ });
  }

  // --- later messages: EventSource, else polling every 5 s ------------------
  function stopListening() {
    if (source) { source.close(); source = null; }
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  function catchUp() {
    if (!conversationId) return Promise.resolve();
    var id = conversationId;
    return api('GET', path('/messages?after=' + lastId)).then(function (r) {
      if (id !== conversationId) return;
      if (r.status === 404) { stopListening(); return; }
      if (r.status !== 200 || !r.data) return;
      if (!busy) answerStarts();
      r.data.messages.forEach(function (m) {
        // The resident's own messages are already on screen.
        if (m.role === 'resident') {
          shown.add(m.id);
          if (m.id > lastId) lastId = m.id;
        } else {
          show(m);
        }
      });
    }).catch(function () { /* offline: next round */ });
  }

  function poll() {
    if (source) { source.close(); source = null; }
    if (!pollTimer) pollTimer = setInterval(catchUp, POLL_MS);
  }

  function listen() {
    stopListening();
    if (typeof window.EventSource !== 'function') { poll(); return; }
    sourceErrors = 0;
    source = new EventSource(base + path('/events'));
    source.onopen = function () { sourceErrors = 0; catchUp(); };
    source.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; /* a broken event */ }
      // A message on its own (a volunteer's): in view, unless an answer is on its way.
      if (!busy) answerStarts();
      show(message);
    };
    source.onerror = function () {
      sourceErrors += 1;
      if (!source || source.readyState === EventSource.CLOSED || sourceErrors >= 3) poll();
    };
  }

  // --- receipts: a volunteer's message arrived, and was seen on a visible page ------
  function visible() { return document.visibilityState === 'visible'; }

  function received(id) {
    toAck.delivered.push(id);
    if (visible()) toAck.seen.push(id); else unseen.push(id);
    scheduleAck();
  }

  function scheduleAck() {
    if (!ackTimer) ackTimer = setTimeout(flushAcks, 300);
  }

  function flushAcks() {
    ackTimer = null;
    if (!conversationId || (!toAck.delivered.length && !toAck.seen.length)) return;
    var body = toAck;
    toAck = { delivered: [], seen: [] };
    api('POST', path('/seen'), body).catch(function () {
      // Offline: try again with the next message.
      toAck.delivered = toAck.delivered.concat(body.delivered);
      toAck.seen = toAck.seen.concat(body.seen);
    });
  }

  document.addEventListener('visibilitychange', function () {
    if (!visible() || !unseen.length) return;
    toAck.seen = toAck.seen.concat(unseen);
    unseen = [];
    scheduleAck();
  });

  // --- the personal return link ---------------------------------------------------
  function showLink(url) {
    linkBox.textContent = '';
    linkBox.appendChild(el('p', 'scamhelp-link-save', LINK_SAVE));
    linkBox.appendChild(el('p', 'scamhelp-link-what', LINK_WHAT));
    var address = el('p', 'scamhelp-link-url', url);
    address.setAttribute('aria-label', 'Je link');
    linkBox.appendChild(address);
    var copy = el('button', 'scamhelp-button scamhelp-copy', 'Kopieer de link');
    copy.type = 'button';
    var copied = el('p', 'scamhelp-link-status');
    copy.addEventListener('click', function () {
      var done = function () { copied.textContent = 'De link is gekopieerd. Plak hem in een mail aan jezelf of in je notities.'; };
      var manual = function () {
        var range = document.createRange();
        range.selectNodeContents(address);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        copied.textContent = 'Kopiëren lukte niet. De link is nu geselecteerd. Kopieer hem zelf, of schrijf hem over.';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, manual);
      } else {
        manual();
      }
    });
    linkBox.appendChild(copy);
    linkBox.appendChild(copied);
    linkBox.appendChild(el('p', 'scamhelp-link-private', LINK_PRIVATE));
  }

  function makeLink() {
    if (!conversationId) return Promise.resolve(false);
    rememberLinkOffered();
    return api('POST', path('/return-link')).then(function (r) {
      if (r.status === 201 && r.data && r.data.url) { showLink(r.data.url); return true; }
      linkBox.textContent = '';
      linkBox.appendChild(el('p', 'scamhelp-link-status', errorText(r) || LINK_FAILED));
      return false;
    }, function () {
      linkBox.textContent = '';
      linkBox.appendChild(el('p', 'scamhelp-link-status', LINK_FAILED));
      return false;
    });
  }

  // Offered once, when a case opens: after the messages of that turn (the urgent step
  // and the helpline come first).
  function offerLinkIf(state) {
    if (HANDED_OFF[state] && !linkOffered()) makeLink();
  }

  // --- conversations -----------------------------------------------------------
  function start() {
    return api('POST', '/api/conversations', { campaign: campaign }).then(function (r) {
      if (r.status !== 201 || !r.data) { notice(errorText(r)); return false; }
      conversationId = r.data.conversation_id;
      store(conversationId);
      showAll(r.data.messages);
      listen();
      return true;
    }, function () { offline(); return false; });
  }

  function resume(id) {
    conversationId = id;
    return api('GET', path('/messages')).then(function (r) {
      if (r.status === 404) { conversationId = null; store(null); return start(); }
      if (r.status !== 200 || !r.data) { notice(errorText(r)); return false; }
      var messages = r.data.messages;
      replay(messages);
      // Buttons stay usable only on the latest bot turn.
      var last = messages.length && messages[messages.length - 1];
      if (!last || last.role === 'resident') disableButtons();
      listen();
      return true;
    }, function () { offline(); return false; });
  }

  function ensure() {
    return conversationId ? Promise.resolve(true) : start();
  }

  // request(): the call that sends one message (text, button or pictures) and resolves
  // {status, data}; own: the resident's words for their bubble (null: the caller shows
  // its own); lost: what 'Geen verbinding' says. Resolves true when the gateway took it.
  function post(request, own, lost) {
    answerStarts();
    return ensure().then(function (ok) {
      if (!ok) return false;
      // A network error may come after the gateway stored the message (a worker that
      // stopped mid-answer): send it again once, with its key, so it counts once.
      return request().catch(function () {
        return new Promise(function (resolve) { setTimeout(resolve, RESEND_MS); }).then(request);
      }).then(function (r) {
        if (r.status === 200 && r.data) {
          disableButtons();
          if (r.data.erased) {
            // 'Verwijder mijn gegevens' confirmed: the screen forgets it too.
            log.textContent = '';
            shown = new Set();
            lastId = 0;
          } else if (own != null) {
            bubble('resident', own);
          }
          showAll(r.data.messages);
          offerLinkIf(r.data.state);
          return true;
        }
        if (r.status >= 500) { offline(r, lost); return false; }
        if (r.status === 404) {
          notice(errorText(r));
          stopListening();
          conversationId = null;
          store(null);
          return start().then(function () { return false; });
        }
        notice(errorText(r));
        return false;
      }, function () { offline(null, lost); return false; });
    });
  }

  // The request of a typed text or a pressed button, for post().
  function message(body) {
    return function () { return api('POST', path('/messages'), body); };
  }

  function withBusy(task) {
    if (busy) return Promise.resolve(false);
    busy = true;
    log.setAttribute('aria-busy', 'true');
    return task().catch(function () { return false; }).then(function (ok) {
      busy = false;
      log.removeAttribute('aria-busy');
      return ok;
    });
  }

  function submit() {
    var text = input.value;
    if (!text.trim()) { input.focus(); return; }
    // The same text sent again (after 'Geen verbinding') keeps its key.
    if (typed.text !== text) typed = { text: text, key: newKey() };
    withBusy(function () {
      return post(message({ text: text, client_key: typed.key }), text);
    }).then(function (ok) {
      if (ok) sent(text);
    });
  }

  // Clear only what was sent; never lose what the resident typed meanwhile.
  function sent(text) {
    typed = { text: null, key: null };
    if (input.value === text) input.value = '';
  }

  function press(button, group) {
    withBusy(function () {
      return post(message({ payload: button.payload, client_key: newKey() }), button.title || button.payload);
    }).then(function (ok) {
      if (ok) { disableButtons(group); input.focus(); }
    });
  }

  function reset() {
    if (busy) return;
    var id = conversationId;
    var removal = id ? api('DELETE', path()) : Promise.resolve({ status: 204 });
    withBusy(function () {
      return removal.then(function (r) {
        if (r.status !== 204 && r.status !== 404) { notice(errorText(r)); return false; }
        stopListening();
        store(null);
        conversationId = null;
        shown = new Set();
        lastId = 0;
        adviceShown = false;
        log.textContent = '';
        linkBox.textContent = '';
        notice('Het gesprek is verwijderd.');
        return start();
      }, function () { notice('Geen verbinding. Het gesprek is nog niet verwijderd. Probeer het zo opnieuw.'); return false; });
    });
  }

  // --- events --------------------------------------------------------------------
  form.addEventListener('submit', function (event) { event.preventDefault(); submit(); });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  erase.addEventListener('click', reset);
  later.addEventListener('click', function () {
    withBusy(function () {
      return ensure().then(function (ok) { return ok ? makeLink() : false; });
    });
  });

  // The /terug page: the secret from the fragment restores the conversation here.
  function comeBack(secret) {
    return api('POST', '/api/return', { secret: secret }).then(function (r) {
      if (r.status !== 200 || !r.data) {
        notice(errorText(r) || RETURN_FAILED);
        var again = el('button', 'scamhelp-button scamhelp-choice', 'Begin een nieuw gesprek');
        again.type = 'button';
        again.addEventListener('click', function () {
          again.disabled = true;
          withBusy(start);
        });
        log.appendChild(again);
        return false;
      }
      conversationId = r.data.conversation_id;
      store(conversationId);
      // They kept this link already: it is not offered again in this tab.
      rememberLinkOffered();
      var messages = r.data.messages || [];
      replay(messages);
      var last = messages.length && messages[messages.length - 1];
      if (!last || last.role === 'resident') disableButtons();
      listen();
      return true;
    }, function () { offline(); return false; });
  }

  // --- modules next to this file: the image button (widget-images.js), the report
  // draft's controls (widget-report.js) --------------------------------------------
  // What a module may use; the rest stays inside this closure.
  var parts = {
    el: el, root: root, log: log, form: form, row: row, input: input, hint: hint, sendButton: send,
    title: title, tools: tools, uid: uid, onBubble: onBubble, position: script.dataset.position,
    onButton: function (hook) { buttonHooks.push(hook); },
    bubble: bubble, notice: notice, api: api, path: path, newKey: newKey, ensure: ensure,
    post: post, withBusy: withBusy, sent: sent, reportDrafts: reportDrafts,
    busy: function () { return busy; },
    actions: actions, conversationId: function () { return conversationId; },
    url: function (suffix) { return base + path(suffix); }
  };

  // Loaded after the widget works, so text messages go on as always until it arrives
  // (or if it never does). The file sets window.ScamhelpWidget[hook] to its install.
  function load(file, hook, failed) {
    var tag = document.createElement('script');
    tag.src = new URL(file, script.src).href;
    tag.async = true;
    tag.onload = function () {
      var modules = window.ScamhelpWidget || {};
      if (typeof modules[hook] === 'function') modules[hook](parts);
      else if (failed) failed();
    };
    if (failed) tag.onerror = failed;
    document.head.appendChild(tag);
  }

  // The conversation starts (or comes back) once the widget is shown: inline at once; as
  // a launcher when the resident opens it, so a page view alone starts no conversation.
  var begun = false;
  var secret = returnMode ? decodeURIComponent((location.hash || '').replace(/^#/, '')) : '';
  if (returnMode && history.replaceState) {
    history.replaceState(null, '', location.pathname + location.search);
  }
  function begin() {
    if (begun) return;
    begun = true;
    var existing = stored();
    withBusy(function () {
      if (secret) return comeBack(secret);
      if (returnMode && !existing) {
        notice(RETURN_FAILED);
        return start();
      }
      return existing ? resume(existing) : start();
    });
  }
  parts.begin = begin;

  if (launcherMode) {
    // Without the launcher's file (blocked, offline) the widget still works, inline.
    load('widget-launcher.js', 'launcher', function () {
      if (root.parentNode) return;
      placeInline();
      begin();
    });
  } else {
    placeInline();
  }
  load('widget-images.js', 'images');
  load('widget-report.js', 'report');
  load('widget-speech.js', 'speech');
  load('widget-glossary.js', 'glossary');
  load('widget-pictograms.js', 'pictograms');
  load('widget-privacy.js', 'privacy');
  loadAdvice();
  if (!launcherMode) begin();
})();
