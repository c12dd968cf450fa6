// The pages' only script: copy buttons, and shown secrets cleared when the page is left (the
// back/forward cache would otherwise keep them). Every page works without it.
(function () {
  'use strict';
  var status = document.querySelector('.copy-status');
  function announce(key) {
    if (status) status.textContent = status.getAttribute(key) || '';
  }
  function fallbackCopy(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch (error) {
      return false;
    }
  }
  document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () { announce('data-done'); };
      var failed = function () { announce(fallbackCopy(field) ? 'data-done' : 'data-failed'); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, failed);
      else failed();
    });
  });
  window.addEventListener('pagehide', function () {
    document.querySelectorAll('[data-clear-on-leave]').forEach(function (field) {
      field.value = '';
      field.textContent = '';
    });
  });
})();
