import { diag } from '@opentelemetry/api';

/**
 * Flushes telemetry when the process is about to end:
 * - `beforeExit` (the event loop is empty): `shutdown()` once, asynchronously.
 * - SIGTERM: `shutdown()`; then, if no other SIGTERM listener exists, the signal is raised again
 *   so the process ends as it would have without agent-otel.
 * Nothing can be sent from the synchronous `exit` event; spans still buffered in sampled mode at a
 * hard exit (process.exit(), SIGKILL) are lost, which is the documented bound of that mode.
 * Returns a function that removes the hooks.
 */
export function installProcessExitHooks(shutdown: () => Promise<void>, timeoutMillis: number): () => void {
  const withTimeout = () =>
    Promise.race([shutdown(), new Promise<void>((resolve) => setTimeout(resolve, timeoutMillis).unref())]).catch((err) => diag.error('agent-otel: flush at exit failed', err));

  const onBeforeExit = () => {
    process.removeListener('beforeExit', onBeforeExit);
    void withTimeout();
  };
  const onSigterm = () => {
    process.removeListener('SIGTERM', onSigterm);
    void withTimeout().then(() => {
      if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
    });
  };
  process.on('beforeExit', onBeforeExit);
  process.on('SIGTERM', onSigterm);
  return () => {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('SIGTERM', onSigterm);
  };
}
