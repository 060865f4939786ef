// A tiny history router: `navigate` pushes a path, `useLocationPath` re-renders on every change
// (links, back/forward). No router dependency.
import { useSyncExternalStore } from 'react';

const NAVIGATE_EVENT = 'floe:navigate';

export function navigate(path: string, options: { readonly replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

export function useLocationPath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}
