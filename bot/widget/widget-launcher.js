/* The launcher (loaded by widget.js for data-mode="launcher"): a round chat button in a
   corner of the host page (data-position="left" for the left corner; the right one is
   the default). It opens the same widget as a panel: a modal dialog that keeps the
   keyboard inside it, closes with Escape or 'Sluit', and gives focus back to the button.
   On a phone the panel fills the screen. The conversation starts at the first opening. */
(function () {
  'use strict';

  var OPEN_NAME = 'Hulp bij oplichting: open de chat';
  var WORD = 'Hulp';
  var CLOSE = 'Sluit';
  var CLOSE_NAME = 'Sluit de chat';
  var SVG = 'http://www.w3.org/2000/svg';
  var FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

  function chatIcon() {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'scamhelp-launcher-icon');
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', 'M4 4.5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-9l-5 4v-4H4a1 1 0 0 1-1-1v-10a1 1 0 0 1 1-1z');
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    return svg;
  }

  function visible(node) {
    return !node.disabled && !node.closest('[hidden]') && node.getClientRects().length > 0;
  }

  function install(w) {
    var corner = w.position === 'left' ? 'left' : 'right';

    var button = w.el('button', 'scamhelp-launcher scamhelp-launcher-' + corner);
    button.type = 'button';
    button.setAttribute('aria-label', OPEN_NAME);
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.appendChild(chatIcon());
    button.appendChild(w.el('span', 'scamhelp-launcher-word', WORD));

    var panel = w.el('div', 'scamhelp-panel scamhelp-panel-' + corner);
    panel.id = w.uid + '-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-labelledby', w.title.id);
    panel.hidden = true;
    button.setAttribute('aria-controls', panel.id);

    var close = w.el('button', 'scamhelp-button scamhelp-close', CLOSE);
    close.type = 'button';
    close.setAttribute('aria-label', CLOSE_NAME);
    w.root.classList.add('scamhelp-in-panel');
    var head = w.el('div', 'scamhelp-head');
    w.title.parentNode.insertBefore(head, w.title);
    head.append(w.title, close);
    panel.appendChild(w.root);
    document.body.append(button, panel);

    function focusables() {
      return Array.prototype.filter.call(panel.querySelectorAll(FOCUSABLE), visible);
    }

    function open() {
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      document.documentElement.classList.add('scamhelp-open');
      w.begin();
      w.input.focus();
    }

    function shut() {
      if (panel.hidden) return;
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      document.documentElement.classList.remove('scamhelp-open');
      if (window.speechSynthesis) window.speechSynthesis.cancel();
      button.focus();
    }

    button.addEventListener('click', function () { if (panel.hidden) open(); else shut(); });
    close.addEventListener('click', shut);
    // On the document, not the panel: focus may be on the page's body for a moment (a
    // pressed answer button is disabled before focus moves on), and the keys still work.
    document.addEventListener('keydown', function (event) {
      if (panel.hidden) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        shut();
        return;
      }
      if (event.key !== 'Tab') return;
      // The focus stays in the dialog: past the last control it comes back to the first.
      var items = focusables();
      if (!items.length) return;
      var firstItem = items[0];
      var lastItem = items[items.length - 1];
      var active = document.activeElement;
      if (event.shiftKey && (active === firstItem || !panel.contains(active))) {
        event.preventDefault();
        lastItem.focus();
      } else if (!event.shiftKey && (active === lastItem || !panel.contains(active))) {
        event.preventDefault();
        firstItem.focus();
      }
    });
  }

  window.ScamhelpWidget = window.ScamhelpWidget || {};
  window.ScamhelpWidget.launcher = install;
})();
