import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { optionsFromEnv, type EnvironmentOptions } from '../src/from-env';

/** The problems optionsFromEnv found, as register() would print them. */
const problems = (o: EnvironmentOptions) => o.problems.map((p) => p.message).join('\n');

describe('optionsFromEnv', () => {
  let warnings: string[];
  beforeEach(() => {
    warnings = [];
    const logger: DiagLogger = {
      error: () => {},
      warn: (m: string) => warnings.push(m),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    };
    diag.setLogger(logger, DiagLogLevel.WARN);
  });
  afterEach(() => diag.disable());

  it('reads the standard service and resource variables', () => {
    const o = optionsFromEnv({
      OTEL_SERVICE_NAME: 'checkout',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=ignored,service.version=2.1.0,deployment.environment.name=prod,team=a%20b',
    });
    expect(o.serviceName).toBe('checkout');
    expect(o.serviceVersion).toBe('2.1.0');
    expect(o.environment).toBe('prod');
    expect(o.resourceAttributes).toMatchObject({ team: 'a b' });
  });

  it('takes service.name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is absent', () => {
    expect(optionsFromEnv({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource' }).serviceName).toBe('from-resource');
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and uses the traces endpoint as is', () => {
    expect(optionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).exporter?.endpoint).toBe('http://collector:4318/v1/traces');
    expect(optionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' }).exporter?.endpoint).toBe(
      'http://b:9999/custom',
    );
  });

  it('reads headers, timeout, protocol and compression, preferring the traces-specific variables', () => {
    const o = optionsFromEnv({
      OTEL_EXPORTER_OTLP_HEADERS: 'x-a=1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'authorization=Bearer%20abc, x-tenant = t1',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    });
    expect(o.exporter).toMatchObject({
      headers: { authorization: 'Bearer abc', 'x-tenant': 't1' },
      timeoutMillis: 2500,
      protocol: 'http/json',
      compression: 'gzip',
    });
  });

  it('ignores unparseable values with a warning naming the variable', () => {
    const o = optionsFromEnv({
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_SDK_DISABLED: 'maybe',
      OTEL_RESOURCE_ATTRIBUTES: 'novalue,k=%E0%A4%A',
    });
    expect(o.exporter?.timeoutMillis).toBeUndefined();
    expect(o.exporter?.protocol).toBeUndefined();
    expect(o.disabled).toBeUndefined();
    const text = problems(o);
    expect(text).toContain('agent-otel: OTEL_EXPORTER_OTLP_TIMEOUT="soon" is not a number of ms in [1, 2147483647]; using the default 10000');
    expect(text).toContain('agent-otel: OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is not one of http/protobuf, http/json; using http/protobuf');
    expect(text).toContain('agent-otel: OTEL_SDK_DISABLED="maybe" is not true or false; using false (enabled)');
    expect(text).toContain(
      'agent-otel: OTEL_RESOURCE_ATTRIBUTES: 2 entries left out ("novalue": expected key=value; "k=%E0%A4%A": invalid percent-encoding); nothing from it is used',
    );
    expect(o.problems).toHaveLength(4);
    // Nothing is logged while reading: register() prints the problems once its logger is installed.
    expect(warnings).toEqual([]);
  });

  it('reads OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER', () => {
    expect(optionsFromEnv({ OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
    expect(optionsFromEnv({ OTEL_TRACES_EXPORTER: 'none' }).exporter?.type).toBe('none');
    const jaeger = optionsFromEnv({ OTEL_TRACES_EXPORTER: 'jaeger' });
    expect(jaeger.exporter?.type).toBeUndefined();
    expect(problems(jaeger)).toBe('agent-otel: OTEL_TRACES_EXPORTER="jaeger" is not one of otlp, zipkin, console, none; using otlp');
  });

  it('returns no values for an empty environment', () => {
    const o = optionsFromEnv({});
    expect(o.serviceName).toBeUndefined();
    expect(o.exporter).toEqual({});
    expect(o.genai).toBeUndefined();
  });
});

describe('optionsFromEnv attribute limits', () => {
  it('hands OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT to the GenAI processor', () => {
    expect(optionsFromEnv({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096' }).genai).toEqual({ limits: { maxAttributeValueLength: 4096 } });
    expect(optionsFromEnv({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'lots' }).genai).toBeUndefined();
  });
});

describe('optionsFromEnv capture variables', () => {
  let messages: string[];
  beforeEach(() => {
    messages = [];
    const record = (m: string) => messages.push(m);
    diag.setLogger({ error: record, warn: record, info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
  });
  afterEach(() => diag.disable());

  it('reads the capture mode, rules, ring buffer and WAL settings', () => {
    const key = 'ab'.repeat(32);
    const o = optionsFromEnv({
      AGENT_OTEL_CAPTURE_MODE: 'complete',
      AGENT_OTEL_CAPTURE_RULES: '[{"mode":"critical","attributes":{"gen_ai.tool.type":["payment"]}}]',
      AGENT_OTEL_BUFFER_SIZE: '4096',
      AGENT_OTEL_FLUSH_INTERVAL_MS: '250',
      AGENT_OTEL_WAL_DIR: '/var/lib/agent/wal',
      AGENT_OTEL_WAL_MAX_BYTES: '1048576',
      AGENT_OTEL_WAL_KEY: key,
      AGENT_OTEL_CONFIRM_TIMEOUT_MS: '2000',
      OTEL_LOG_LEVEL: 'DEBUG',
    });
    expect(o.capture?.defaultMode).toBe('complete');
    expect(o.capture?.rules).toEqual([{ mode: 'critical', attributes: { 'gen_ai.tool.type': ['payment'] } }]);
    expect(o.capture?.ringBuffer).toEqual({ bufferSize: 4096, flushIntervalMs: 250 });
    expect(o.capture?.wal).toMatchObject({ dir: '/var/lib/agent/wal', maxBytes: 1048576, confirmTimeoutMs: 2000 });
    expect(Buffer.from(o.capture!.wal!.encryptionKey!).toString('hex')).toBe(key);
    expect(o.logLevel).toBe('debug');
    expect(messages).toEqual([]);
  });

  it('accepts the WAL key as base64 too', () => {
    const key = Buffer.alloc(32, 7);
    expect(Buffer.from(optionsFromEnv({ AGENT_OTEL_WAL_KEY: key.toString('base64') }).capture!.wal!.encryptionKey!)).toEqual(key);
  });

  it('ignores malformed values with a message naming the variable', () => {
    const o = optionsFromEnv({
      AGENT_OTEL_CAPTURE_MODE: 'always',
      AGENT_OTEL_CAPTURE_RULES: '{"mode":"critical"}',
      AGENT_OTEL_BUFFER_SIZE: '-5',
      OTEL_LOG_LEVEL: 'loud',
    });
    expect(o.capture?.defaultMode).toBeUndefined();
    expect(o.capture?.rules).toBeUndefined();
    expect(o.capture?.ringBuffer).toBeUndefined();
    expect(o.logLevel).toBeUndefined();
    const text = problems(o);
    expect(text).toContain('AGENT_OTEL_CAPTURE_MODE="always" is not one of sampled, complete, critical; using the default sampled');
    expect(text).toContain('AGENT_OTEL_CAPTURE_RULES="{\\"mode\\":\\"critical\\"}" is not a JSON array of rules; using no rules');
    expect(text).toContain('AGENT_OTEL_BUFFER_SIZE="-5" is not an integer (spans) in [1, 1000000]; using the default 2048');
    expect(text).toContain('OTEL_LOG_LEVEL="loud" is not one of none, error, warn, info, debug, verbose, all; using warn');
    expect(messages).toEqual([]);
  });

  it('reports unparseable JSON rules', () => {
    expect(problems(optionsFromEnv({ AGENT_OTEL_CAPTURE_RULES: '[{mode:' }))).toMatch(/^agent-otel: AGENT_OTEL_CAPTURE_RULES="\[\{mode:" is not JSON \(.+\); using no rules$/);
    expect(problems(optionsFromEnv({ AGENT_OTEL_CAPTURE_RULES: '[{"mode":"critical","match":"x"}]' }))).toMatch(
      /capture rule 0: match is a function, given in code only; using no rules/,
    );
    expect(problems(optionsFromEnv({ AGENT_OTEL_CAPTURE_RULES: '[{"mode":"always","spanName":"x"}]' }))).toMatch(/capture rule 0: mode "always" is not one of/);
  });

  it('keeps the WAL closed, never unencrypted, when AGENT_OTEL_WAL_KEY is not 32 bytes', () => {
    const o = optionsFromEnv({ AGENT_OTEL_WAL_KEY: 'tooshort' });
    expect(o.capture?.wal).toEqual({ enabled: false });
    expect(o.problems).toEqual([
      {
        variable: 'AGENT_OTEL_WAL_KEY',
        level: 'error',
        message:
          'agent-otel: AGENT_OTEL_WAL_KEY=<8 characters, not shown> is not 32 bytes written as 64 hex characters or base64 (43 characters, optionally followed by "="); ' +
          'the write-ahead log stays closed (complete and critical spans are captured as sampled)',
      },
    ]);
  });
});
