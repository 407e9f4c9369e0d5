import * as fs from 'node:fs';
import * as https from 'node:https';
import { gzipSync } from 'node:zlib';
import { RecordingServer, refusedUrl, TLS_FILES } from './recording-server';
import { TempDirs } from './temp-dirs';

/** POSTs `body` to `url` and resolves with the status and body of the answer, or the error. */
async function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; retryAfter: string | null } | { failed: string }> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers });
    return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    // fetch's errors come from another realm than jest's: compared by their fields, not their class.
    const { message, cause } = error as Error & { cause?: { code?: string } };
    return { failed: cause?.code ?? message };
  }
}

describe('RecordingServer', () => {
  let server: RecordingServer;
  afterEach(async () => server?.close());

  it('records requests (gunzipped body beside the raw one) and answers 200 once the script is used up', async () => {
    server = await RecordingServer.start();
    expect(server.url).toBe(`${server.origin}/v1/traces`);
    server.script(503, { status: 429, retryAfter: '7', body: 'slow down' });
    expect(await post(server.url, 'a')).toEqual({ status: 503, text: '', retryAfter: null });
    expect(await post(server.url, 'b')).toEqual({ status: 429, text: 'slow down', retryAfter: '7' });
    expect(await post(`${server.origin}/api/v2/spans?x=1`, gzipSync('zipped'), { 'content-encoding': 'gzip' })).toMatchObject({ status: 200 });
    await server.waitForRequests(3);
    expect(server.requests.map((r) => [r.method, r.path, r.body.toString()])).toEqual([
      ['POST', '/v1/traces', 'a'],
      ['POST', '/v1/traces', 'b'],
      ['POST', '/api/v2/spans?x=1', 'zipped'],
    ]);
    expect(server.requests[2].rawBody).toEqual(gzipSync('zipped'));
  });

  it('lets statusFor answer from the request, before the script and without using it', async () => {
    server = await RecordingServer.start();
    server.script(500);
    server.statusFor = (request) => (request.headers['x-tenant'] === 'bad' ? 400 : undefined);
    expect(await post(server.url, '', { 'x-tenant': 'bad' })).toMatchObject({ status: 400 });
    expect(await post(server.url, '')).toMatchObject({ status: 500 });
  });

  it('holds an answer until a promise settles, and counts the requests in flight', async () => {
    server = await RecordingServer.start();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    server.script({ until: held, onRequest: () => arrived++ }, { until: held });
    const answers = Promise.all([post(server.url, '1'), post(server.url, '2')]);
    await server.waitForRequests(2);
    expect(arrived).toBe(1);
    release();
    expect(await answers).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);
    expect(server.maxConcurrent).toBe(2);
  });

  it('can drop the connection, cut the answer short, or never answer', async () => {
    server = await RecordingServer.start();
    server.script({ destroy: true }, { truncate: true }, { hang: true });
    expect(await post(server.url, '')).toEqual({ failed: expect.any(String) });
    expect(await post(server.url, '')).toEqual({ failed: expect.any(String) });
    const hung = post(server.url, '');
    await server.waitForRequests(3);
    await server.close();
    expect(await hung).toEqual({ failed: expect.any(String) });
  });

  it('serves HTTPS with the test certificates and reports the client certificate of mutual TLS', async () => {
    server = await RecordingServer.start({ requireClientCertificate: true });
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(server.url, {
        method: 'POST',
        ca: fs.readFileSync(TLS_FILES.ca),
        cert: fs.readFileSync(TLS_FILES.clientCert),
        key: fs.readFileSync(TLS_FILES.clientKey),
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('tls');
    });
    expect(status).toBe(200);
    expect(server.requests[0].clientCertificate).toEqual(expect.any(String));
  });

  it('gives a URL where connections are refused', async () => {
    expect(await post(await refusedUrl(), '')).toEqual({ failed: 'ECONNREFUSED' });
  });
});

describe('TempDirs', () => {
  it('makes directories under its prefix and removes them all on cleanup', () => {
    const dirs = new TempDirs('agent-otel-helpers-');
    const made = dirs.make();
    const wal = dirs.walDir();
    expect(made).toMatch(/agent-otel-helpers-/);
    expect(fs.existsSync(made)).toBe(true);
    expect(fs.existsSync(wal)).toBe(false);
    fs.mkdirSync(wal);
    fs.writeFileSync(`${wal}/x`, 'x');
    dirs.cleanup();
    expect(fs.existsSync(made)).toBe(false);
    expect(fs.existsSync(wal)).toBe(false);
    dirs.cleanup();
  });
});
