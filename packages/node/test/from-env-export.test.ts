import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { optionsFromEnv } from '../src/from-env';

describe('optionsFromEnv: export variables', () => {
  let warnings: string[];
  let errors: string[];
  beforeEach(() => {
    warnings = [];
    errors = [];
    const logger: DiagLogger = { error: (m: string) => errors.push(m), warn: (m: string) => warnings.push(m), info() {}, debug() {}, verbose() {} };
    diag.setLogger(logger, DiagLogLevel.WARN);
  });
  afterEach(() => diag.disable());

  it('accepts OTEL_TRACES_EXPORTER=zipkin and reads the Zipkin variables apart from the OTLP ones', () => {
    const o = optionsFromEnv({
      OTEL_TRACES_EXPORTER: 'zipkin',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans',
      OTEL_EXPORTER_ZIPKIN_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(o.exporter?.type).toBe('zipkin');
    expect(o.zipkin).toEqual({ endpoint: 'http://zipkin:9411/api/v2/spans', timeoutMillis: 2500 });
    expect(o.exporter?.endpoint).toBe('http://collector:4318/v1/traces');
  });

  it('warns about an unsupported exporter and an invalid Zipkin timeout', () => {
    const o = optionsFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger', OTEL_EXPORTER_ZIPKIN_TIMEOUT: 'soon' });
    expect(o.exporter?.type).toBeUndefined();
    expect(o.zipkin).toEqual({});
    expect(warnings.join('\n')).toMatch(/OTEL_TRACES_EXPORTER=jaeger is not supported \(otlp, zipkin, console, none\)/);
    expect(warnings.join('\n')).toMatch(/OTEL_EXPORTER_ZIPKIN_TIMEOUT=soon is not a positive number/);
  });

  it('reads the TLS file variables, the traces-specific ones first', () => {
    expect(
      optionsFromEnv({
        OTEL_EXPORTER_OTLP_CERTIFICATE: '/etc/ca.pem',
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/etc/traces-ca.pem',
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/etc/client.pem',
        OTEL_EXPORTER_OTLP_CLIENT_KEY: '/etc/client.key',
      }).exporter?.tls,
    ).toEqual({ caFile: '/etc/traces-ca.pem', certFile: '/etc/client.pem', keyFile: '/etc/client.key' });
    expect(optionsFromEnv({}).exporter?.tls).toBeUndefined();
  });

  it.each([
    ['true', {}],
    ['TRUE', {}],
    ['{"header":"X-Scope-OrgID","defaultTenant":"shared","endpoints":{"vip":"http://vip:4318/v1/traces"}}', { header: 'X-Scope-OrgID', defaultTenant: 'shared', endpoints: { vip: 'http://vip:4318/v1/traces' } }],
  ])('reads AGENT_OTEL_TENANCY=%s', (raw, expected) => {
    expect(optionsFromEnv({ AGENT_OTEL_TENANCY: raw }).exporter?.tenancy).toEqual(expected);
  });

  it('leaves tenancy off for AGENT_OTEL_TENANCY=false or unset', () => {
    expect(optionsFromEnv({ AGENT_OTEL_TENANCY: 'false' }).exporter?.tenancy).toBeUndefined();
    expect(optionsFromEnv({}).exporter?.tenancy).toBeUndefined();
  });

  it.each(['{not json', '[1]', '"x"', 'null'])('turns export off, loudly, for an unreadable AGENT_OTEL_TENANCY=%s', (raw) => {
    const o = optionsFromEnv({ AGENT_OTEL_TENANCY: raw, OTEL_TRACES_EXPORTER: 'otlp' });
    expect(o.exporter?.type).toBe('none');
    expect(o.exporter?.tenancy).toBeUndefined();
    expect(errors.join('\n')).toMatch(/AGENT_OTEL_TENANCY must be true, false or a JSON object; export is off/);
  });
});
