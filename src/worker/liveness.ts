/// <reference lib="webworker" />
import type { LivenessMessage } from './protocol';

function say(message: LivenessMessage): void {
  self.postMessage(message);
}

/**
 * Tells the page this worker runs, and keeps telling it (see LivenessMessage). The lock is held
 * for the worker's whole life; the page asks for the same lock and is granted it only when the
 * worker is gone, however it went.
 */
export function reportLiveness(): void {
  self.addEventListener('message', (event: MessageEvent<Partial<LivenessMessage> | null>) => {
    if (event.data?.formcastLiveness === 'ping') say({ formcastLiveness: 'pong' });
  });
  const locks = (self.navigator as Partial<WorkerNavigator>).locks;
  if (!locks) {
    say({ formcastLiveness: 'hello' }); // no Web Locks (plain HTTP): pings alone tell
    return;
  }
  const lock = `formcast-worker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  // Hello once the lock is held, so that the page's request for it queues behind this one.
  void locks
    .request(lock, () => {
      say({ formcastLiveness: 'hello', lock });
      return new Promise<never>(() => {});
    })
    .catch(() => say({ formcastLiveness: 'hello' }));
}
