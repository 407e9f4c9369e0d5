import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One JSON line a child printed on stdout. */
export type ChildEvent = { event: string } & Record<string, unknown>;

/** A running `node` child process that reports JSON events on stdout. */
export interface NodeProcess {
  /** Every event printed so far. */
  readonly events: readonly ChildEvent[];
  /** What it wrote to stderr so far (the last 64 KiB). */
  stderr(): string;
  /**
   * Resolves with the events matching `predicate` once there are `count` of them; rejects when the
   * child exits first or `timeoutMs` passes, with its stderr in the message.
   */
  waitFor(predicate: (e: ChildEvent) => boolean, count: number, timeoutMs: number): Promise<ChildEvent[]>;
  /** Resolves with the exit code once the child has exited. */
  exited(): Promise<number | null>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once it has exited. Idempotent. */
  stop(timeoutMs?: number): Promise<void>;
}

const MAX_STDERR_CHARS = 64 * 1024;

/** Spawns `node script` with `env` as its whole environment; `echo` copies its output here too. */
export function startNodeProcess(name: string, script: string, env: NodeJS.ProcessEnv, echo = false): NodeProcess {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: ChildEvent[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let exitCode: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      listeners.forEach((l) => l());
      resolve(code);
    });
    child.once('error', (error) => {
      stderr += `\n${name} could not be started: ${error.message}`;
      exitCode = null;
      listeners.forEach((l) => l());
      resolve(null);
    });
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-MAX_STDERR_CHARS);
    if (echo) process.stderr.write(text);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (echo) process.stdout.write(`[${name}] ${line}\n`);
    try {
      const event: unknown = JSON.parse(line);
      if (typeof event === 'object' && event !== null && typeof (event as ChildEvent).event === 'string') events.push(event as ChildEvent);
    } catch {
      return;
    }
    listeners.forEach((l) => l());
  });

  let stopping: Promise<void> | undefined;
  return {
    events,
    stderr: () => stderr,
    exited: () => exit,
    waitFor: (predicate, count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const matching = events.filter(predicate);
          if (matching.length >= count) return done(() => resolve(matching.slice(0, count)));
          if (exitCode !== undefined) done(() => reject(new Error(`${name} exited (code ${exitCode}) before it reported what was awaited; its stderr:\n${stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name} did not report in time (${timeoutMs} ms); its stderr:\n${stderr}`))), timeoutMs);
        timer.unref();
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    stop: (timeoutMs = 10000) =>
      (stopping ??=
        exitCode !== undefined
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const killTimer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
              killTimer.unref();
              void exit.then(() => {
                clearTimeout(killTimer);
                resolve();
              });
              child.kill('SIGTERM');
            })),
  };
}
