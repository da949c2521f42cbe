import type { App } from 'electron';

/**
 * Holds the first quit until `close()` (the core: in-flight calls, sockets, the demo server) has
 * finished, then quits for real. A close that hangs is abandoned after `timeoutMs`.
 */
export function closeOnQuit(app: Pick<App, 'on' | 'quit'>, close: () => Promise<void>, timeoutMs = 5_000): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.warn('[scim-desk] shutdown took too long; quitting anyway.');
        resolve();
      }, timeoutMs);
    });
    Promise.race([close().catch((error: unknown) => console.error('[scim-desk] error while shutting down:', error)), timeout]).finally(() => {
      clearTimeout(timer);
      state = 'closed';
      app.quit();
    });
  });
}
