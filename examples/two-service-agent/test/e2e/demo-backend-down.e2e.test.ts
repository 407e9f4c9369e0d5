/**
 * `npm run demo` against a Jaeger that is not running: it must say so plainly and exit non-zero,
 * never hang.
 */
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const DEMO = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'demo.js');

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('demo with a Jaeger that is down', () => {
  it('names the unreachable Jaeger and exits 1 within seconds', async () => {
    const port = await closedPort();
    const result = spawnSync(process.execPath, [DEMO], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, JAEGER_QUERY_URL: `http://127.0.0.1:${port}` },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Jaeger's query API at http://127\\.0\\.0\\.1:${port} is not reachable \\(ECONNREFUSED\\)`));
    expect(result.stderr).toMatch(/docker compose up -d/);
  });
});
