import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { optionsFromEnv, type EnvironmentOptions } from '../src/from-env';

const problems = (o: EnvironmentOptions) => o.problems.map((p) => p.message).join('\n');

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
    expect(problems(o)).toBe(
      'agent-otel: OTEL_TRACES_EXPORTER="jaeger" is not one of otlp, zipkin, console, none; using otlp\n' +
        'agent-otel: OTEL_EXPORTER_ZIPKIN_TIMEOUT="soon" is not a number of ms in [1, 2147483647]; using the default 10000',
    );
    expect(warnings).toEqual([]);
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
    [
      '{"header":"X-Scope-OrgID","defaultTenant":"shared","endpoints":{"vip":"http://vip:4318/v1/traces"}}',
      { header: 'X-Scope-OrgID', defaultTenant: 'shared', endpoints: { vip: 'http://vip:4318/v1/traces' } },
    ],
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
    expect(o.problems).toEqual([
      {
        variable: 'AGENT_OTEL_TENANCY',
        level: 'error',
        message: `agent-otel: AGENT_OTEL_TENANCY=${JSON.stringify(raw)} is not true, false or a JSON object; export is off until it is fixed`,
      },
    ]);
    expect(errors).toEqual([]);
  });

  it.each([
    ['{"header":"bad header"}', 'has exporter.tenancy.header must be an HTTP header name, got "bad header"'],
    ['{"defaultTenent":"shared"}', 'has exporter.tenancy.defaultTenent is not an option (header, attribute, endpoints, defaultTenant)'],
    ['{"endpoints":{"acme":"127.0.0.1:4318"}}', 'has exporter.tenancy.endpoints.acme must be an absolute http(s) URL, got "127.0.0.1:4318"'],
  ])('turns export off, naming the field, for AGENT_OTEL_TENANCY=%s that register() would reject', (raw, reason) => {
    const o = optionsFromEnv({ AGENT_OTEL_TENANCY: raw });
    expect(o.exporter).toEqual({ type: 'none' });
    expect(problems(o)).toBe(`agent-otel: AGENT_OTEL_TENANCY=${JSON.stringify(raw)} ${reason}; export is off until it is fixed`);
  });

  it('turns export off for tenancy beside an exporter that cannot route tenants', () => {
    const o = optionsFromEnv({ AGENT_OTEL_TENANCY: 'true', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    expect(o.exporter?.type).toBe('none');
    expect(problems(o)).toMatch(/AGENT_OTEL_TENANCY="true" needs the OTLP exporter with protocol http\/protobuf/);
  });
});

describe('optionsFromEnv: OTLP endpoints', () => {
  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/', 'http://collector:4318/v1/traces'],
    ['http://collector:4318/otlp//', 'http://collector:4318/otlp/v1/traces'],
    ['https://collector:4318/otlp?tenant=a', 'https://collector:4318/otlp/v1/traces?tenant=a'],
  ])('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT=%s', (base, expected) => {
    const o = optionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: base });
    expect(o.exporter?.endpoint).toBe(expected);
    expect(o.problems).toEqual([]);
  });

  it.each([
    ['http://h:4318/v1/traces', 'http://h:4318/v1/traces', '"http://h:4318"'],
    ['http://h:4318/v1/traces/', 'http://h:4318/v1/traces', '"http://h:4318"'],
    ['https://user:secret@h/otlp/v1/traces', 'https://user:secret@h/otlp/v1/traces', '"https://user:***@h/otlp"'],
  ])('uses OTEL_EXPORTER_OTLP_ENDPOINT=%s, already ending in /v1/traces, as is, with one warning', (base, expected, suggestion) => {
    const o = optionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: base });
    expect(o.exporter?.endpoint).toBe(expected);
    expect(o.problems).toHaveLength(1);
    expect(o.problems[0].message).toContain('already ends in /v1/traces; it is used as is');
    expect(o.problems[0].message).toContain(`set ${suggestion}`);
    expect(o.problems[0].message).not.toContain('secret');
  });

  it('falls back from an invalid traces endpoint to the base one, and from an invalid base one to the default', () => {
    const o = optionsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318/v1/traces', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318' });
    expect(o.exporter?.endpoint).toBe('http://base:4318/v1/traces');
    expect(problems(o)).toBe(
      'agent-otel: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="collector:4318/v1/traces" is not an http(s) URL (add http:// or https://); using OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces',
    );
    const d = optionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' });
    expect(d.exporter?.endpoint).toBeUndefined();
    expect(problems(d)).toBe(
      'agent-otel: OTEL_EXPORTER_OTLP_ENDPOINT="127.0.0.1:4318" is not an absolute http(s) URL (add http:// or https://); using the default http://localhost:4318/v1/traces',
    );
  });

  it('takes the first of several exporters, saying so, and reports an empty list', () => {
    const o = optionsFromEnv({ OTEL_TRACES_EXPORTER: 'ZIPKIN, console' });
    expect(o.exporter?.type).toBe('zipkin');
    expect(problems(o)).toBe('agent-otel: OTEL_TRACES_EXPORTER="ZIPKIN, console" lists several exporters; only the first, zipkin, is used');
    expect(problems(optionsFromEnv({ OTEL_TRACES_EXPORTER: ',' }))).toBe('agent-otel: OTEL_TRACES_EXPORTER="," names no exporter; using otlp');
  });

  it('uses a signal-specific timeout that is invalid only after trying the generic one', () => {
    const o = optionsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-1', OTEL_EXPORTER_OTLP_TIMEOUT: '2500' });
    expect(o.exporter?.timeoutMillis).toBe(2500);
    expect(problems(o)).toBe('agent-otel: OTEL_EXPORTER_OTLP_TRACES_TIMEOUT="-1" is not a number of ms in [1, 2147483647]; using OTEL_EXPORTER_OTLP_TIMEOUT instead');
  });

  it('shows invisible characters escaped and cuts long values', () => {
    expect(problems(optionsFromEnv({ AGENT_OTEL_CAPTURE_MODE: 'critical\u200b' }))).toContain('AGENT_OTEL_CAPTURE_MODE="critical\\u200b" is not one of');
    expect(problems(optionsFromEnv({ AGENT_OTEL_CAPTURE_MODE: 'x'.repeat(500) }))).toContain(`"${'x'.repeat(120)}…"`);
  });
});

describe('optionsFromEnv: two invalid OTLP endpoints', () => {
  it('says the default is used when neither endpoint variable is a URL', () => {
    const o = optionsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'nope', OTEL_EXPORTER_OTLP_ENDPOINT: 'nope either' });
    expect(o.exporter?.endpoint).toBeUndefined();
    expect(o.problems.map((p) => p.message)).toEqual([
      'agent-otel: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="nope" is not an absolute http(s) URL; using the default http://localhost:4318/v1/traces',
      'agent-otel: OTEL_EXPORTER_OTLP_ENDPOINT="nope either" is not an absolute http(s) URL; using the default http://localhost:4318/v1/traces',
    ]);
  });
});
