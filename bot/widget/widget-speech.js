/* Read aloud (loaded by widget.js): a 'Lees voor' button on every bubble of the assistant
   and the volunteer, and a 'Lees alles voor' switch that reads each new bubble as it
   comes. The browser's own speech synthesis speaks, with a Dutch voice (nl-NL, else
   nl-BE) that runs on the device: a voice of an online service (localService false) would
   send the conversation to that service, so it is never used. Without such a voice
   nothing of this is shown. Escape, or the same button, stops the voice at once. */
(function () {
  'use strict';

  var READ = 'Lees voor';
  var STOP = 'Stop';
  var READ_NAME = 'Lees dit bericht voor';
  var STOP_NAME = 'Stop met voorlezen';
  var ALL = 'Lees alles voor';
  var SVG = 'http://www.w3.org/2000/svg';
  // Languages a bubble may carry besides Dutch; each needs its own voice.
  var DUTCH = ['nl-NL', 'nl-BE'];

  function tag(lang) { return String(lang || '').replace('_', '-').toLowerCase(); }

  // The voice for a language ('nl' means Dutch: nl-NL first, then nl-BE), on the device.
  function voiceFor(synth, lang) {
    var voices = (synth.getVoices() || []).filter(function (v) { return v.localService !== false; });
    var wanted = !lang || /^nl(-|$)/i.test(lang) ? DUTCH : [lang];
    for (var i = 0; i < wanted.length; i++) {
      var want = tag(wanted[i]);
      for (var j = 0; j < voices.length; j++) {
        var has = tag(voices[j].lang);
        if (has === want || (want.indexOf('-') < 0 && has.split('-')[0] === want)) return voices[j];
      }
    }
    return null;
  }

  // What the voice says: the bubble's words without the glossary's explanations, links
  // and e-mail addresses as their names ('politie punt nl'), not letter by letter.
  function speakable(item) {
    var words = item.querySelector('.scamhelp-text');
    if (!words) return '';
    var copy = words.cloneNode(true);
    copy.querySelectorAll('[data-no-speech]').forEach(function (n) { n.remove(); });
    return copy.textContent
      .replace(/\bh[tx]{2}ps?:\/\/\S+|\S+\[\.\]\S*/gi, ' een link ')
      .replace(/([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)/g, function (m, user, host) {
        return user + ' apenstaartje ' + host.split('.').join(' punt ');
      })
      .replace(/\b(?:www\.)?((?:[a-z0-9-]+\.)+(?:nl|com|org|eu|net|info|be|me))(?:\/\S*)?/gi,
        function (m, host) { return host.split('.').join(' punt '); })
      .replace(/(\d)-(?=\d)/g, '$1 ')
      .replace(/^\s*[-•]\s+/gm, '')
      .replace(/([^.!?:\s])\s*\n+/g, '$1.\n')
      .replace(/\s+/g, ' ')
      .trim();
  }

  function speakerIcon() {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'scamhelp-icon');
    var cone = document.createElementNS(SVG, 'path');
    cone.setAttribute('d', 'M4 9h4l5-4v14l-5-4H4z');
    var wave = document.createElementNS(SVG, 'path');
    wave.setAttribute('d', 'M16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11');
    [cone, wave].forEach(function (p) {
      p.setAttribute('fill', 'none');
      p.setAttribute('stroke', 'currentColor');
      p.setAttribute('stroke-width', '2');
      p.setAttribute('stroke-linejoin', 'round');
      p.setAttribute('stroke-linecap', 'round');
      svg.appendChild(p);
    });
    return svg;
  }

  function install(w) {
    var synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return;
    var ready = false;
    var all = false;
    // The button of the bubble being read; and a count of stops, so that an utterance
    // that starts late, after a stop, changes nothing.
    var current = null;
    var stops = 0;

    function label(button, speaking) {
      button.querySelector('.scamhelp-speak-word').textContent = speaking ? STOP : READ;
      button.setAttribute('aria-label', speaking ? STOP_NAME : READ_NAME);
    }

    function stop() {
      stops += 1;
      synth.cancel();
      if (current) label(current, false);
      current = null;
    }

    function speak(item, button) {
      var voice = voiceFor(synth, item.querySelector('.scamhelp-text').lang);
      var text = speakable(item);
      if (!voice || !text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      try { utterance.voice = voice; } catch (e) { /* the lang below still picks it */ }
      utterance.lang = voice.lang.replace('_', '-');
      // A little slower than the voice's own pace: easier to follow for many residents.
      utterance.rate = 0.9;
      var round = stops;
      utterance.onstart = function () {
        if (round !== stops) return;
        if (current && current !== button) label(current, false);
        current = button;
        label(button, true);
      };
      utterance.onend = utterance.onerror = function () {
        label(button, false);
        if (current === button) current = null;
      };
      synth.speak(utterance);
    }

    function addButton(item, info) {
      if (info.role === 'resident' || item.querySelector('.scamhelp-speak')) return;
      if (!voiceFor(synth, item.querySelector('.scamhelp-text').lang)) return;
      var button = w.el('button', 'scamhelp-button scamhelp-speak');
      button.type = 'button';
      button.appendChild(speakerIcon());
      button.appendChild(w.el('span', 'scamhelp-speak-word', READ));
      label(button, false);
      button.addEventListener('click', function () {
        if (current === button) { stop(); return; }
        stop();
        speak(item, button);
      });
      var choices = item.querySelector('.scamhelp-choices');
      item.insertBefore(button, choices);
      if (all && info.fresh) speak(item, button);
    }

    // 'Lees alles voor': a switch. While it is on the log is not a live region: a screen
    // reader and the voice would otherwise both read every new bubble.
    var toggle = w.el('button', 'scamhelp-button scamhelp-read-all', ALL);
    toggle.type = 'button';
    toggle.setAttribute('role', 'switch');
    toggle.setAttribute('aria-checked', 'false');
    toggle.addEventListener('click', function () {
      all = !all;
      toggle.setAttribute('aria-checked', all ? 'true' : 'false');
      w.log.setAttribute('aria-live', all ? 'off' : 'polite');
      if (!all) { stop(); return; }
      // On: the latest answer first, then each new bubble.
      var items = w.log.querySelectorAll('.scamhelp-msg:not(.scamhelp-resident)');
      var last = items.length && items[items.length - 1];
      if (last && last.querySelector('.scamhelp-speak')) {
        stop();
        speak(last, last.querySelector('.scamhelp-speak'));
      }
    });

    // Escape stops the voice wherever focus is in the page, before anything else uses it
    // (the launcher closes on Escape only when nothing is being read).
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || !(current || synth.speaking)) return;
      stop();
      event.stopPropagation();
      event.preventDefault();
    }, true);

    function start() {
      if (ready || !voiceFor(synth, 'nl')) return;
      ready = true;
      w.tools.appendChild(toggle);
      w.onBubble(addButton);
    }
    start();
    // Chromium and others fill the voice list later.
    if (!ready && synth.addEventListener) synth.addEventListener('voiceschanged', start);
    window.addEventListener('pagehide', stop);
  }

  window.ScamhelpWidget = window.ScamhelpWidget || {};
  window.ScamhelpWidget.speech = install;
  // For the browser tests and docs: what a bubble's text becomes when spoken.
  window.ScamhelpWidget.speakable = speakable;
})();
