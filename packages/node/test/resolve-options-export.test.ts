import { resolveOptions } from '../src/resolve-options';
import type { RegisterOptions } from '../src/options';

describe('resolveOptions: exporter', () => {
  it("takes a type alone as the exporter: 'zipkin' is { type: 'zipkin' }", () => {
    expect(resolveOptions({ exporter: 'zipkin' }, {}).exporter).toEqual({ type: 'zipkin' });
    expect(resolveOptions({ exporter: 'none' }, { exporter: { type: 'otlp' } }).exporter.type).toBe('none');
  });

  it('uses the Zipkin variables, not the OTLP ones, when the exporter is zipkin', () => {
    const env = {
      exporter: { endpoint: 'http://collector:4318/v1/traces', timeoutMillis: 9, headers: { 'x-otlp': '1' } },
      zipkin: { endpoint: 'http://zipkin:9411/api/v2/spans', timeoutMillis: 700 },
    };
    expect(resolveOptions({ exporter: { type: 'zipkin' } }, env).exporter).toEqual({ type: 'zipkin', endpoint: 'http://zipkin:9411/api/v2/spans', timeoutMillis: 700 });
    expect(resolveOptions({ exporter: { type: 'zipkin', endpoint: 'http://z:1/api/v2/spans' } }, env).exporter.endpoint).toBe('http://z:1/api/v2/spans');
    expect(resolveOptions({}, { ...env, exporter: { ...env.exporter, type: 'zipkin' } }).exporter.endpoint).toBe('http://zipkin:9411/api/v2/spans');
    expect(resolveOptions({}, env).exporter.endpoint).toBe('http://collector:4318/v1/traces');
  });

  it('merges tls and tenancy field by field, code winning', () => {
    const merged = resolveOptions(
      { exporter: { tls: { caFile: '/code/ca.pem' }, tenancy: { defaultTenant: 'code' } } },
      { exporter: { tls: { caFile: '/env/ca.pem', certFile: '/env/c.pem', keyFile: '/env/k.pem' }, tenancy: { header: 'x-org' } } },
    );
    expect(merged.exporter.tls).toEqual({ caFile: '/code/ca.pem', certFile: '/env/c.pem', keyFile: '/env/k.pem' });
    expect(merged.exporter.tenancy).toEqual({ header: 'x-org', defaultTenant: 'code' });
  });

  it('lets a lone client certificate from the environment through (it is reported when loaded)', () => {
    expect(resolveOptions({}, { exporter: { tls: { certFile: '/env/c.pem' } } }).exporter.tls).toEqual({ certFile: '/env/c.pem' });
  });

  const bad: [string, RegisterOptions, RegExp][] = [
    ['exporter', { exporter: 42 as never }, /option exporter must be an object or an exporter type, got 42/],
    ['exporter.type', { exporter: 'jaeger' as never }, /option exporter.type must be one of otlp, zipkin, console, none; got "jaeger"/],
    ['exporter.tls', { exporter: { tls: 'x' as never } }, /option exporter.tls must be an object/],
    ['exporter.tls.caFile', { exporter: { tls: { caFile: '' } } }, /option exporter.tls.caFile must be a non-empty string/],
    ['exporter.tls.ca', { exporter: { tls: { ca: 5 as never } } }, /option exporter.tls.ca must be PEM text/],
    ['exporter.tls.key', { exporter: { tls: { certFile: '/c.pem' } } }, /option exporter.tls.key is required/],
    ['exporter.tls.cert', { exporter: { tls: { key: 'k' } } }, /option exporter.tls.cert is required/],
    ['exporter.tls.rejectUnauthorized', { exporter: { tls: { rejectUnauthorized: 'no' as never } } }, /option exporter.tls.rejectUnauthorized must be a boolean/],
    ['exporter.tenancy', { exporter: { tenancy: [] as never } }, /option exporter.tenancy must be an object/],
    ['exporter.tenancy with zipkin', { exporter: { type: 'zipkin', tenancy: {} } }, /option exporter.tenancy needs the OTLP exporter with protocol http\/protobuf/],
    ['exporter.tenancy with http/json', { exporter: { protocol: 'http/json', tenancy: {} } }, /option exporter.tenancy needs the OTLP exporter/],
    ['exporter.tenancy with a custom exporter', { exporter: { custom: {} as never, tenancy: {} } }, /option exporter.tenancy needs the OTLP exporter/],
    ['exporter.tenancy.header', { exporter: { tenancy: { header: 'x tenant' } } }, /option exporter.tenancy.header must be an HTTP header name/],
    ['exporter.tenancy.attribute', { exporter: { tenancy: { attribute: '' } } }, /option exporter.tenancy.attribute must be a non-empty string/],
    ['exporter.tenancy.defaultTenant', { exporter: { tenancy: { defaultTenant: 'a\r\nb' } } }, /option exporter.tenancy.defaultTenant must be 1 to 256 visible ASCII/],
    ['exporter.tenancy.endpoints', { exporter: { tenancy: { endpoints: 'x' as never } } }, /option exporter.tenancy.endpoints must be an object of tenant id to URL/],
    ['exporter.tenancy.endpoints.<tenant>', { exporter: { tenancy: { endpoints: { acme: 'acme:4318' } } } }, /option exporter.tenancy.endpoints.acme must use http: or https:/],
    ['exporter.tenancy.endpoints tenant id', { exporter: { tenancy: { endpoints: { é: 'http://x' } } } }, /option exporter.tenancy.endpoints has an invalid tenant id/],
  ];
  it.each(bad)('rejects a bad %s naming it', (_name, options, message) => {
    expect(() => resolveOptions(options, {})).toThrow(message);
  });
});
