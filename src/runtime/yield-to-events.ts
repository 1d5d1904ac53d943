/**
 * Lets the worker's event loop run other messages (the page's liveness pings among them) in the
 * middle of a long call: a task, not a microtask, and without setTimeout's 4 ms clamp.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
