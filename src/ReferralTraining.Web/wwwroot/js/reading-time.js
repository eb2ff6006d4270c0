// Module page: while the page is open and visible, tell the server every few seconds that the learner is on it.
// No time is sent: the server credits the real seconds between reports, capped (docs/decisions/ADR-017). Nothing here
// watches the mouse; without JavaScript, marking the module read credits the time since the page was served.
(function () {
  const form = document.getElementById('module-read-form');
  if (!form || !window.fetch || !window.FormData) return;
  const url = form.dataset.heartbeatUrl;
  const interval = parseInt(form.dataset.heartbeatSeconds, 10) * 1000;
  const tokenField = form.querySelector('input[name="__RequestVerificationToken"]');
  if (!url || !(interval > 0) || !tokenField) return;
  let timer = null;

  function beat(visible) {
    const body = new FormData();
    body.append('__RequestVerificationToken', tokenField.value);
    body.append('visible', visible ? 'true' : 'false');
    // keepalive: the "hidden" report must still reach the server when the tab is being closed.
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true }).catch(function () { });
  }

  function start() {
    if (timer === null) timer = setInterval(function () { beat(true); }, interval);
  }

  function stop() {
    if (timer !== null) { clearInterval(timer); timer = null; }
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { beat(true); start(); } else { stop(); beat(false); }
  });
  if (document.visibilityState === 'visible') start();
})();
