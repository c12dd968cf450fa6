// The pages' only script: copy buttons that answer at the button, a show toggle for passphrases, times
// in the reader's own zone and clock, and shown secrets cleared when the page is left (the back/forward
// cache would otherwise keep them). Every page works without it.
(function () {
  'use strict';
  var status = document.querySelector('.copy-status');
  var FEEDBACK_MS = 3000;

  function fallbackCopy(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch (error) {
      return false;
    }
  }

  // The feedback goes where the finger or pointer is: the button's own label, for a few seconds; the
  // live region (visually hidden) tells a screen reader the same.
  function answer(button, key) {
    var text = status ? status.getAttribute(key) || '' : '';
    if (status) status.textContent = text;
    var label = button.getAttribute('data-label');
    if (label === null) {
      label = button.textContent;
      button.setAttribute('data-label', label);
    }
    button.textContent = text || label;
    button.classList.toggle('copied', key === 'data-done');
    clearTimeout(button.hushTimer);
    button.hushTimer = setTimeout(function () {
      button.textContent = label;
      button.classList.remove('copied');
      if (status) status.textContent = '';
    }, FEEDBACK_MS);
  }

  document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () { answer(button, 'data-done'); };
      var failed = function () { answer(button, fallbackCopy(field) ? 'data-done' : 'data-failed'); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, failed);
      else failed();
    });
  });

  // "Show passphrase": a checkbox that is hidden until this script can make it work.
  var toggles = [];
  document.querySelectorAll('input[type="checkbox"][data-show]').forEach(function (box) {
    var field = document.getElementById(box.getAttribute('data-show'));
    var holder = box.closest('[hidden]');
    if (!field) return;
    var conceal = function () {
      box.checked = false;
      field.type = 'password';
    };
    conceal();
    if (holder) holder.hidden = false;
    box.addEventListener('change', function () {
      field.type = box.checked ? 'text' : 'password';
    });
    // Sent and remembered as a password field, whatever was shown.
    if (field.form) field.form.addEventListener('submit', conceal);
    toggles.push(conceal);
  });

  // Times: the page says them in UTC (a server cannot know the reader's zone); here, in the reader's zone,
  // in the page's language, with the reader's own clock (24 or 12 hours) and, where known, region's order.
  function readerFormat(lang) {
    var preferred = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]).filter(Boolean);
    var candidates = preferred.filter(function (tag) { return tag.split('-')[0].toLowerCase() === lang; });
    var hourCycle;
    try {
      var first = new Intl.Locale(preferred[0] || lang).maximize();
      if (first.region) candidates.push(lang + '-' + first.region);
      hourCycle = new Intl.DateTimeFormat(preferred[0] || lang, { hour: 'numeric' }).resolvedOptions().hourCycle;
    } catch (error) {
      hourCycle = undefined;
    }
    candidates.push(lang);
    var options = { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    if (hourCycle) options.hourCycle = hourCycle;
    return new Intl.DateTimeFormat(Intl.DateTimeFormat.supportedLocalesOf(candidates)[0] || lang, options);
  }
  var times = document.querySelectorAll('time[datetime]');
  if (times.length > 0) {
    try {
      var format = readerFormat(document.documentElement.lang || 'en');
      times.forEach(function (time) {
        var moment = new Date(time.getAttribute('datetime'));
        if (!isNaN(moment.getTime())) time.textContent = format.format(moment);
      });
    } catch (error) {
      // An old browser's Intl: the UTC text stays, which is right, only less convenient.
    }
  }

  window.addEventListener('pagehide', function () {
    toggles.forEach(function (conceal) { conceal(); });
    document.querySelectorAll('[data-clear-on-leave]').forEach(function (field) {
      field.value = '';
      field.textContent = '';
    });
  });
})();
