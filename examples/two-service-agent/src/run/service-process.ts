import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How to start one service as a child process. */
export interface ServiceSpec {
  /** Name the service announces itself with (`{"service": name, "url": ...}`). */
  name: string;
  /** Arguments to `node`: flags, then the script. */
  args: string[];
  /** Complete environment of the child. */
  env: NodeJS.ProcessEnv;
  /** Working directory of the child. */
  cwd: string;
  /** Echo the child's output to this process's stdout/stderr as well as collecting it. */
  echo: boolean;
  /** How long the child may take to announce its URL, in ms. */
  startTimeoutMs: number;
}

/** A started service. */
export interface ServiceProcess {
  /** The URL the service announced. */
  url: string;
  /** What the child wrote to stderr so far (the last 64 KiB). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the child has exited. Idempotent. */
  stop(timeoutMs: number): Promise<void>;
}

const MAX_STDERR_CHARS = 64 * 1024;

/**
 * Spawns `node` with `spec.args` and resolves once the child prints its announcement line on stdout.
 * Rejects — with the child's stderr in the message, and the child stopped — if it exits, fails to
 * spawn, or stays silent for `spec.startTimeoutMs`.
 */
export function startServiceProcess(spec: ServiceSpec): Promise<ServiceProcess> {
  const child = spawn(process.execPath, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-MAX_STDERR_CHARS);
    if (spec.echo) process.stderr.write(text);
  });
  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs: number): Promise<void> => (stopping ??= terminate(child, timeoutMs));

  return new Promise((resolve, reject) => {
    let settled = false;
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(`did not announce its URL within ${spec.startTimeoutMs} ms`), spec.startTimeoutMs);
    timer.unref();
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    const onError = (error: Error): void => fail(`could not be started: ${error.message}`);
    child.once('exit', onExit);
    child.once('error', onError);

    function settle(): boolean {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      return true;
    }
    function fail(reason: string): void {
      if (!settle()) return;
      void stop(1000).then(() => {
        const output = stderr.trim() === '' ? '(none)' : stderr.trimEnd();
        reject(new Error(`${spec.name} service ${reason}; its stderr:\n${output}`));
      });
    }
    lines.on('line', (line) => {
      const url = settled ? undefined : announcedUrl(line, spec.name);
      if (url !== undefined && settle()) {
        resolve({ url, stderr: () => stderr, stop });
      } else if (spec.echo) {
        process.stdout.write(`${line}\n`);
      }
    });
  });
}

function announcedUrl(line: string, name: string): string | undefined {
  try {
    const message: unknown = JSON.parse(line);
    const { service, url } = (message ?? {}) as { service?: unknown; url?: unknown };
    return service === name && typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

function terminate(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    killTimer.unref();
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
