/**
 * Registers the service worker (src/integrations/offline.ts) and offers a reload when a new
 * version of the course has been deployed. The page keeps working without any of this: where
 * service workers are missing or refused (plain HTTP, private mode), it is simply not offline.
 */
const notice = document.querySelector<HTMLElement>('#update-notice > div');
const reloadButton = notice?.querySelector('button');
const base = document.documentElement.dataset.base ?? '/';
let requested = false;

/** Shows the notice; its button activates the waiting version, or just reloads. */
function offer(worker?: ServiceWorker): void {
  if (!notice || !reloadButton) return;
  notice.hidden = false;
  reloadButton.onclick = () => {
    reloadButton.disabled = true;
    requested = true;
    // The waiting worker takes over; `controllerchange` below then reloads this page.
    if (worker) worker.postMessage({ type: 'SKIP_WAITING' });
    else location.reload();
  };
}

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const sw = navigator.serviceWorker;
  let hadController = Boolean(sw.controller);
  sw.addEventListener('controllerchange', () => {
    // Reload only the tab whose trainee asked; another open tab (perhaps with an answer half
    // typed) is told and reloads when its trainee chooses. The first install changes the
    // controller too, and needs nothing.
    if (requested) location.reload();
    else if (hadController) offer();
    hadController = true;
  });
  sw.register(`${base}sw.js`, { scope: base })
    .then((registration) => {
      if (registration.waiting && sw.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed' && sw.controller) offer(worker);
        });
      });
      // Browsers look for a new version on every page load; a page left open all day looks
      // hourly and when the network comes back.
      const check = () => void registration.update().catch(() => {});
      addEventListener('online', check);
      setInterval(check, 60 * 60 * 1000);
    })
    .catch(() => {
      /* No offline copy on this browser; every page still works online. */
    });
}
