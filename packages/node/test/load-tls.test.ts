import * as fs from 'node:fs';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { loadTls } from '../src/load-tls';
import { TLS_FILES } from './helpers/recording-server';

describe('loadTls', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    diag.setLogger({ error: (m: string) => errors.push(m), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
  });
  afterEach(() => diag.disable());

  it('reads the PEM files once and passes rejectUnauthorized on', () => {
    const tls = loadTls({ caFile: TLS_FILES.ca, certFile: TLS_FILES.clientCert, keyFile: TLS_FILES.clientKey, rejectUnauthorized: false });
    expect(Buffer.from(tls!.ca as Buffer).equals(fs.readFileSync(TLS_FILES.ca))).toBe(true);
    expect(Buffer.from(tls!.cert as Buffer).equals(fs.readFileSync(TLS_FILES.clientCert))).toBe(true);
    expect(Buffer.from(tls!.key as Buffer).equals(fs.readFileSync(TLS_FILES.clientKey))).toBe(true);
    expect(tls!.rejectUnauthorized).toBe(false);
    expect(errors).toEqual([]);
  });

  it('prefers inline PEM over a file', () => {
    expect(loadTls({ ca: 'inline', caFile: '/does/not/matter' })).toEqual({ ca: 'inline' });
    expect(errors).toEqual([]);
  });

  it('reports an unreadable file naming option, variable and path, and leaves it out', () => {
    expect(loadTls({ caFile: '/nonexistent/ca.pem' })).toBeUndefined();
    expect(errors[0]).toMatch(/exporter\.tls\.caFile \(OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE, OTEL_EXPORTER_OTLP_CERTIFICATE\): "\/nonexistent\/ca\.pem" could not be read/);
  });

  it('drops a client certificate whose key cannot be read, with its certificate', () => {
    expect(loadTls({ caFile: TLS_FILES.ca, certFile: TLS_FILES.clientCert, keyFile: '/nonexistent/key.pem' })).toEqual({ ca: expect.any(Buffer) });
    expect(errors.join('\n')).toMatch(/keyFile .*could not be read[\s\S]*client certificate is used only with its key/);
  });

  it('gives undefined when nothing is set', () => {
    expect(loadTls(undefined)).toBeUndefined();
    expect(loadTls({})).toBeUndefined();
  });
});
