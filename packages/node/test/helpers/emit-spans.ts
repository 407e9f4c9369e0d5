import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** One span for `test/fixtures/emit-spans.cjs` to end. */
export interface EmitSpec {
  name: string;
  /** Capture mode set on the span. Default: none (the configured default). */
  mode?: 'sampled' | 'complete' | 'critical';
  /** `tenant.id` baggage entry in the span's context. */
  tenant?: string;
  /** Make it a child of the first span. */
  child?: boolean;
}

/** What the fixture printed, and the process (still running when `hold`). */
export interface Emitted {
  spans: { name: string; traceId: string; spanId: string }[];
  child: ChildProcess;
  stderr(): string;
}

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'emit-spans.cjs');

/**
 * Runs the fixture with `env` over this process's environment and resolves with its output line:
 * after it shut down and flushed, or — with `hold` — as soon as the spans are ended (the process is
 * then left running for the caller to kill).
 */
export function emitSpans(env: NodeJS.ProcessEnv, specs: EmitSpec[], hold = false): Promise<Emitted> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, ...env, EMIT_SPANS: JSON.stringify(specs), EMIT_HOLD: hold ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const done = (line: string) => {
      try {
        resolve({ ...JSON.parse(line), child, stderr: () => stderr });
      } catch {
        reject(new Error(`emit-spans printed ${JSON.stringify(line)}\n${stderr}`));
      }
    };
    child.stdout!.on('data', (d) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl >= 0 && hold) done(stdout.slice(0, nl));
    });
    child.once('exit', (code, signal) => {
      if (hold) return;
      if (code === 0) done(stdout.trim());
      else reject(new Error(`emit-spans exited with ${code ?? signal}\n${stderr}`));
    });
  });
}

/** Kills a held fixture with SIGKILL (a crash: nothing is flushed) and waits for it to exit. */
export function crash(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
