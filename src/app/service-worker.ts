import { registerSW } from 'virtual:pwa-register';

/** What the page knows about its service worker. */
export interface OfflineState {
  /** Everything needed to predict is cached: the app works with the network off. */
  readonly offlineReady: boolean;
  /** A new version is installed and waits for the user's go-ahead. */
  readonly updateReady: boolean;
  /** Service workers are unavailable (plain HTTP on a non-localhost host, private modes...). */
  readonly unsupported: boolean;
}

/** How often an open page asks the server whether a new version was deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker and reports its state. A new deployment never replaces the
 * running code by itself: `applyUpdate()` (the user's click) activates it and reloads, so code and
 * model always come from the same build, and the form is never swapped under the user.
 */
export function startServiceWorker(onChange: (state: OfflineState) => void): {
  applyUpdate(): void;
} {
  let state: OfflineState = { offlineReady: false, updateReady: false, unsupported: false };
  const set = (patch: Partial<OfflineState>) => {
    state = { ...state, ...patch };
    onChange(state);
  };
  if (!('serviceWorker' in navigator)) {
    set({ unsupported: true });
    return { applyUpdate: () => location.reload() };
  }
  let accepted = false;
  // workbox-window reloads only pages that were already controlled when they registered, which a
  // first visit's page is not; so the reload is ours: once the user accepted, on the next
  // controller change, i.e. when the new version has taken over.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
  const update = registerSW({
    immediate: true,
    onNeedReload: () => undefined,
    onOfflineReady: () => set({ offlineReady: true }),
    onNeedRefresh: () => set({ updateReady: true }),
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // A page already controlled by an installed worker is ready offline from the start.
      if (registration.active && navigator.serviceWorker.controller) set({ offlineReady: true });
      const check = () => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      };
      setInterval(check, UPDATE_CHECK_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
    onRegisterError: () => set({ unsupported: true }),
  });
  return {
    applyUpdate: () => {
      accepted = true;
      void update(true);
    },
  };
}
