// Polls a status endpoint named by data-poll and shows the message for each status.
// The server answers {status, next?, reveal?, final}; "next" navigates, "reveal" unhides an element.
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
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
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
    if (!body.final) setTimeout(poll, interval);
  };
  setTimeout(poll, interval);
}
