// Polls a status endpoint named by data-poll and shows the message for each status.
// The server answers {status, next?, reveal?, final}; "next" navigates, "reveal" unhides an element.
// Each poll asks the server to hold it until the status changes (a long poll, `Prefer: wait`), so
// the page follows an activation or a push answer at once; a server that does not hold it
// (no Preference-Applied) is polled every data-interval as before.
// Once the user submits a form (log out, continue), a poll answered after it must not navigate
// over the form's own answer (a logout would lose its "You have logged out." page).
let leaving = false;
document.addEventListener('submit', () => {
  leaving = true;
});
for (const region of document.querySelectorAll('[data-poll]')) {
  const url = region.dataset.poll;
  const interval = Number(region.dataset.interval) || 1000;
  const messages = JSON.parse(region.dataset.messages || '{}');
  const poll = async () => {
    let body;
    let held = false;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', prefer: 'wait=20' },
        credentials: 'same-origin',
      });
      held = response.headers.has('preference-applied');
      body = await response.json();
    } catch {
      body = { status: 'unreachable' };
    }
    if (leaving) return;
    if (body.status === 'slow_down') return setTimeout(poll, interval * 2);
    if (messages[body.status] && region.textContent !== messages[body.status])
      region.textContent = messages[body.status];
    region.className = `state-${body.status}`;
    if (body.reveal) document.getElementById(body.reveal)?.removeAttribute('hidden');
    if (body.next) return window.location.assign(body.next);
    if (!body.final) setTimeout(poll, held ? 0 : interval);
  };
  setTimeout(poll, 0);
}
