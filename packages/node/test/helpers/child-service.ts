import { spawn, type ChildProcess } from 'node:child_process';

/** A service started as a child process that prints `{"url": ...}` as its first stdout line. */
export interface ChildService {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, then wait for exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Spawns `node [nodeArgs] script` and waits for its URL line. */
export function startChildService(script: string, nodeArgs: string[], env: NodeJS.ProcessEnv): Promise<ChildService> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      try {
        const { url } = JSON.parse(out.slice(0, nl));
        resolve({ url, child, stderr: () => stderr, stop: () => stopChild(child) });
      } catch {
        reject(new Error(`unexpected first line from ${script}: ${out.slice(0, nl)}\n${stderr}`));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited early (${code ?? signal})\n${stderr}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
