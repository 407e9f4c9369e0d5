/**
 * OTLP http/json from a real process configured by the standard variables only: protocol,
 * compression, headers and TLS files (mutual TLS), for the ring buffer (stock JSON exporter) and
 * the write-ahead log (always OTLP/protobuf, to the same endpoint with the same settings).
 * (The stock JSON exporter cannot run inside jest: it loads `http` with a dynamic import.)
 */
import * as path from 'node:path';
import { decodeTraceRequest } from '../../../capture/src/export/otlp-trace-decoder';
import { emitSpans } from '../helpers/emit-spans';
import { RecordingServer, TLS_FILES } from '../helpers/recording-server';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-export-options-e2e-');

describe('OTLP export options through the standard variables (e2e, child process)', () => {
  let backend: RecordingServer;
  let stateHome: string;
  beforeEach(() => {
    stateHome = tempDirs.make();
  });
  afterEach(async () => {
    await backend?.close();
    tempDirs.cleanup();
  });

  it('sends http/json, gzip-compressed, with custom headers, over mutual TLS', async () => {
    backend = await RecordingServer.start({ requireClientCertificate: true });
    await emitSpans(
      {
        OTEL_SERVICE_NAME: 'json-svc',
        OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20s3cret,x-team=agents',
        OTEL_EXPORTER_OTLP_CERTIFICATE: TLS_FILES.ca,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: TLS_FILES.clientCert,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: TLS_FILES.clientKey,
        AGENT_OTEL_WAL_DIR: path.join(stateHome, 'wal'),
      },
      [{ name: 'sampled-json' }, { name: 'complete-protobuf', mode: 'complete', child: true }],
    );
    expect(backend.requests).toHaveLength(2);
    for (const req of backend.requests) {
      expect(req.path).toBe('/v1/traces');
      expect(req.clientCertificate).toBe('agent-otel test client');
      expect(req.headers).toMatchObject({ 'content-encoding': 'gzip', authorization: 'Bearer s3cret', 'x-team': 'agents' });
    }
    const json = backend.requests.find((r) => r.headers['content-type'] === 'application/json')!;
    expect(JSON.parse(json.body.toString()).resourceSpans[0].scopeSpans[0].spans.map((s: { name: string }) => s.name)).toEqual(['sampled-json']);
    const protobuf = backend.requests.find((r) => r.headers['content-type'] === 'application/x-protobuf')!;
    expect(decodeTraceRequest(protobuf.body)[0].scopeSpans[0].spans[0].name).toBe('complete-protobuf');
  }, 30000);

  it('sends nothing to a server whose certificate is not trusted', async () => {
    backend = await RecordingServer.start({});
    const run = await emitSpans(
      { OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TIMEOUT: '2000', AGENT_OTEL_WAL_ENABLED: 'false' },
      [{ name: 'untrusted' }],
    );
    expect(backend.requests).toHaveLength(0);
    expect(run.stderr()).toMatch(/certificate/i);
  }, 30000);
});
