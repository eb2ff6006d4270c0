// Progressive enhancement for the quiz page: save answers as they change. Without JavaScript the
// "Save and finish later" button does the same; grading always happens on the server.
(function () {
  const form = document.getElementById('quiz-form');
  if (!form || !window.fetch) return;
  const status = form.querySelector('.autosave-status');
  const attemptId = form.dataset.attemptId;
  let timer = null;
  let submitting = false;

  function collect() {
    const answers = [];
    form.querySelectorAll('fieldset.question').forEach(function (fs) {
      const id = fs.dataset.questionId;
      if (fs.dataset.type === 'Ordering') {
        const steps = Array.from(fs.querySelectorAll('select')).map(function (s) {
          return { option: s.id.substring(('o-' + id + '-').length), position: parseInt(s.value, 10) };
        });
        if (steps.every(function (s) { return s.position > 0; }) &&
            new Set(steps.map(function (s) { return s.position; })).size === steps.length) {
          steps.sort(function (a, b) { return a.position - b.position; });
          answers.push({ questionId: id, optionIds: steps.map(function (s) { return s.option; }) });
        }
        return;
      }
      const chosen = Array.from(fs.querySelectorAll('input:checked')).map(function (i) { return i.value; });
      if (chosen.length) answers.push({ questionId: id, optionIds: chosen });
    });
    return answers;
  }

  function save() {
    fetch('/api/v1/quizzes/attempts/' + attemptId + '/answers', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ answers: collect() })
    }).then(function (r) {
      status.textContent = r.ok ? 'Answers saved.' : 'Could not save just now; use "Save and finish later".';
    }).catch(function () {
      status.textContent = 'Could not save just now; use "Save and finish later".';
    });
  }

  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  // One submission only: a double click must not send twice (the server also guards this).
  form.addEventListener('submit', function (e) {
    if (submitting) { e.preventDefault(); return; }
    submitting = true;
    clearTimeout(timer);
  });
})();
