import { spawn } from 'node:child_process';
import type { ChildService } from './child-service';

/**
 * Spawns any program (e.g. a Python service) that prints `{"url": ...}` as its first stdout line,
 * and waits for that line; rejects with the program's stderr when it exits first or stays silent
 * for `startTimeoutMs`. `stop()` sends SIGTERM and waits for exit (SIGKILL after 10 s).
 */
export function startProcessService(command: string, args: string[], env: NodeJS.ProcessEnv, startTimeoutMs = 30000): Promise<ChildService> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const stop = (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} printed no URL within ${startTimeoutMs} ms\n${stderr}`));
    }, startTimeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      clearTimeout(timer);
      try {
        const { url } = JSON.parse(out.slice(0, nl)) as { url: string };
        resolve({ url, child, stderr: () => stderr, stop });
      } catch {
        void stop();
        reject(new Error(`unexpected first line from ${command}: ${out.slice(0, nl)}\n${stderr}`));
      }
    };
    child.stdout!.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited early (${code ?? signal})\n${stderr}`));
    });
  });
}
