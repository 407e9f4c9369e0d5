'use strict';

/**
 * Polls `probe` (an async function returning true when ready) every `intervalMs` until it succeeds or
 * `timeoutMs` passes; throws an error naming `what` on timeout. `isDead()` stops early when the
 * process being waited for has exited.
 */
async function waitFor(what, probe, { timeoutMs = 30000, intervalMs = 100, isDead = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (isDead()) throw new Error(`${what} exited before it became ready`);
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`);
}

/** GETs `url` (with optional `headers`) and resolves true on a 2xx answer within `timeoutMs`. */
async function httpOk(url, timeoutMs = 1000, headers = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return res.ok;
}

module.exports = { waitFor, httpOk };
