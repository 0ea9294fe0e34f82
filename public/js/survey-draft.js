// Progressive enhancement for the survey form (the form works without it):
// - keeps a draft of the answers in localStorage per survey code and restores it after a reload,
//   without overwriting answers the server rendered (e.g. when the form came back with errors);
// - updates the "questions answered" progress;
// - moves focus to the error summary when there is one;
// - clears the draft on the thank-you page (after a successful submit);
// - keeps the form's signed load time (hidden field "started") with the draft: a form restored from a
//   draft carries the time it was first loaded, so answers given before a reload do not look fast.
//   The value is signed by the server and only ever copied back as it was.
(function () {
  'use strict';
  var storageKey = function (code) {
    return 'readiness:survey-draft:' + code;
  };
  var store = null;
  try {
    store = window.localStorage;
  } catch {
    store = null;
  }

  var thanks = document.querySelector('[data-clear-draft]');
  if (thanks) {
    if (store) store.removeItem(storageKey(thanks.getAttribute('data-survey-code')));
    return;
  }

  var form = document.querySelector('[data-survey-form]');
  if (!form) return;
  var key = storageKey(form.getAttribute('data-survey-code'));
  var skipped = { t: true, _csrf: true, started: true };
  var startedKey = '__started';
  var started = form.querySelector('[data-form-started]');

  function controls() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name && !skipped[el.name] && (el.type === 'radio' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA')
      );
    });
  }

  function readForm() {
    var data = {};
    controls().forEach(function (el) {
      if (el.type === 'radio') {
        if (el.checked) data[el.name] = el.value;
      } else if (el.value) data[el.name] = el.value;
    });
    return data;
  }

  function hasServerValue(name) {
    return controls().some(function (el) {
      return (
        el.name === name &&
        (el.type === 'radio' ? el.defaultChecked : el.tagName === 'SELECT' ? el.value !== '' : el.defaultValue !== '')
      );
    });
  }

  function restore() {
    if (!store) return;
    var saved;
    try {
      saved = JSON.parse(store.getItem(key) || '{}');
    } catch {
      saved = {};
    }
    var answers = Object.keys(saved).filter(function (name) {
      return name !== startedKey;
    });
    if (started && typeof saved[startedKey] === 'string' && answers.length > 0) started.value = saved[startedKey];
    answers.forEach(function (name) {
      if (skipped[name] || hasServerValue(name)) return;
      controls().forEach(function (el) {
        if (el.name !== name) return;
        if (el.type === 'radio') el.checked = el.value === saved[name];
        else if (el.tagName === 'SELECT') {
          if (
            Array.prototype.some.call(el.options, function (o) {
              return o.value === saved[name];
            })
          )
            el.value = saved[name];
        } else el.value = String(saved[name]);
      });
    });
  }

  var progress = document.querySelector('[data-answered-progress]');
  var progressText = document.querySelector('[data-answered-text]');
  var total = Number(form.getAttribute('data-total-items')) || 0;
  function updateProgress() {
    if (!progress) return;
    var names = {};
    controls().forEach(function (el) {
      // Questions only (their radios sit in a .likert group), not role level or demographic questions.
      if (el.type === 'radio' && el.checked && el.closest('.likert')) names[el.name] = true;
    });
    var answered = Math.min(Object.keys(names).length, total);
    // "{answered} of {total}" in the page's language (the server renders the template).
    var template = (progressText && progressText.getAttribute('data-count-template')) || '{answered} of {total}';
    var text = template.replace('{answered}', String(answered)).replace('{total}', String(total));
    progress.value = answered;
    progress.textContent = text;
    if (progressText) progressText.textContent = text;
  }

  function save() {
    if (store) {
      var data = readForm();
      if (started) data[startedKey] = started.value;
      try {
        store.setItem(key, JSON.stringify(data));
      } catch {
        /* storage full or disabled: the draft is optional */
      }
    }
    updateProgress();
  }

  restore();
  updateProgress();
  form.addEventListener('change', save);
  form.addEventListener('input', function (event) {
    if (event.target.tagName === 'TEXTAREA') save();
  });

  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
