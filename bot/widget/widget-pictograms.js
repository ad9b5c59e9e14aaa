/* Pictograms (loaded by widget.js) for the steps that come back again and again: bel je
   bank, zet internet uit, klik weg, doe aangifte, praat met een vrijwilliger. A bubble
   that gives one of these steps starts with its icon and its name in words; a button
   that names one gets the icon beside its title. The words always stay: an icon alone
   says nothing to many residents. A bubble shows one step: the one its text starts with
   (within its first 60 characters). */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var STEPS = [
    {
      name: 'bank', label: 'Bel je bank',
      bubble: /\bbel\s+(?:(?:meteen|direct|nu|dan|ook|eerst)\s+)*(?:je|uw)\s+(?:eigen\s+)?bank\b/i,
      button: /\bbel\b.*\bbank\b/i,
      paths: ['M8 3.5 5.5 3 3 5.5c0 8 7.5 15.5 15.5 15.5L21 18.5l-.5-2.5-4-1.5-2 2a12 12 0 0 1-7-7l2-2z']
    },
    {
      name: 'internet', label: 'Zet internet uit',
      bubble: /\bzet\s+(?:je\s+|de\s+)?(?:internet|wifi|wi-fi)\s+uit\b|\bhaal\b[^.]{0,40}\b(?:van|uit)\s+het\s+(?:internet|netwerk)\b/i,
      button: /\binternet\b.*\buit\b/i,
      paths: ['M2 9a15 15 0 0 1 20 0', 'M5.5 12.5a10 10 0 0 1 13 0', 'M9 16a5 5 0 0 1 6 0',
        'M12 19.5h.01', 'M3 3l18 18']
    },
    {
      name: 'click-away', label: 'Klik weg',
      bubble: /\bklik\s+(?:dan\s+)?weg\b|\bklik\s+niet\s+op\b/i,
      button: /\bklik\s+weg\b/i,
      paths: ['M5 4l5.5 15 2-6.5 6.5-2z', 'M15 3l5 5', 'M20 3l-5 5']
    },
    {
      name: 'report', label: 'Doe aangifte',
      bubble: /\bdoe\s+(?:dan\s+|ook\s+)?aangifte\b|\baangifte\s+doen\b/i,
      button: /\baangifte\b/i,
      paths: ['M6 2.5h8.5l4.5 4.5v14.5H6z', 'M14 2.5v5h5', 'M9 12.5h7', 'M9 16.5h7']
    },
    {
      name: 'volunteer', label: 'Praat met een vrijwilliger',
      bubble: /\bpraat\s+met\s+een\s+vrijwilliger\b/i,
      button: /\bvrijwilliger\b/i,
      paths: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2.5 21a6.5 6.5 0 0 1 13 0',
        'M15 3.5h6.5v5H18l-2 2v-2h-1z']
    }
  ];

  function icon(step, cls) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'scamhelp-icon ' + cls);
    svg.setAttribute('data-step', step.name);
    step.paths.forEach(function (d) {
      var path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', d);
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', 'currentColor');
      path.setAttribute('stroke-width', '2');
      path.setAttribute('stroke-linecap', 'round');
      path.setAttribute('stroke-linejoin', 'round');
      svg.appendChild(path);
    });
    return svg;
  }

  // The step the text names first ('aangifte doen ... Geld kwijt? Bel je bank' is about
  // the report), if the text starts with it: 'Heb je betaald? Bel dan je bank' at the end
  // of a bubble about something else gets no icon. Of two at one place, the first listed.
  var LEAD = 60;
  function first(text, kind) {
    var best = null;
    var at = kind === 'bubble' ? LEAD : Infinity;
    STEPS.forEach(function (step) {
      var m = step[kind].exec(text);
      if (m && m.index < at) { best = step; at = m.index; }
    });
    return best;
  }

  function install(w) {
    w.onBubble(function (item, info) {
      var words = item.querySelector('.scamhelp-text');
      if (info.role === 'resident' || !words || words.lang || item.querySelector('.scamhelp-step')) return;
      var step = first(words.textContent, 'bubble');
      if (!step) return;
      // The name is there for the eye; a screen reader hears the same step in the text.
      var badge = w.el('span', 'scamhelp-step');
      badge.setAttribute('aria-hidden', 'true');
      badge.appendChild(icon(step, 'scamhelp-step-icon'));
      badge.appendChild(w.el('span', 'scamhelp-step-label', step.label));
      item.insertBefore(badge, words);
    });
    w.onButton(function (button, b) {
      var step = first(b.title || '', 'button');
      if (step) button.insertBefore(icon(step, 'scamhelp-button-icon'), button.firstChild);
    });
    // Buttons shown before this file arrived.
    w.log.querySelectorAll('.scamhelp-choice').forEach(function (button) {
      var step = first(button.textContent, 'button');
      if (step && !button.querySelector('svg')) button.insertBefore(icon(step, 'scamhelp-button-icon'), button.firstChild);
    });
  }

  window.ScamhelpWidget = window.ScamhelpWidget || {};
  window.ScamhelpWidget.pictograms = install;
})();
