// The bootstrap page's script (served when the portal is too busy to read a first visit's page
// itself): registers Floe's service worker for this site's origin and reloads once it controls the
// page; browsers without service workers are sent to the server-rendered version instead.
import { Workbox } from 'workbox-window';
import { BOOTSTRAP_STATUS_ID, FLOE_WORKER_PATH, NO_SW_PARAM } from '../../core/serve/portal-protocol.ts';

const status = document.getElementById(BOOTSTRAP_STATUS_ID);

function fallBack(reason: string): void {
  if (status) status.textContent = `${reason}; loading the server-rendered page`;
  const url = new URL(location.href);
  url.searchParams.set(NO_SW_PARAM, '1');
  location.replace(url);
}

if (!('serviceWorker' in navigator)) {
  fallBack('this browser has no service workers');
} else {
  const wb = new Workbox(FLOE_WORKER_PATH, { scope: '/', type: 'classic' });
  // Reload as soon as the worker controls this page: the reload is answered by the worker.
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
  wb.register()
    .then(() => {
      if (navigator.serviceWorker.controller) location.reload();
    })
    .catch((error: unknown) => fallBack(`the service worker failed to install (${String(error)})`));
}
