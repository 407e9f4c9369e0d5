import { installCommand, OTEL_PEERS, otelLine, requirePeerForOption, tryRequirePeer } from '../src/otel-peers';
import { InvalidOptionError } from '../src/resolve-options';

const MISSING = { name: '@opentelemetry/exporter-not-installed', v2: '^2.12.0', v3: '^3.1.0' };

describe('OTel peers', () => {
  it('knows the line of the application: 2 here (the repository develops on sdk-trace 2.12)', () => {
    expect(otelLine()).toBe(2);
  });

  it('writes the install command with the ranges of that line', () => {
    expect(installCommand([OTEL_PEERS.sdkTrace, OTEL_PEERS.instrumentationUndici])).toBe(
      "npm install @opentelemetry/sdk-trace@'^2.12.0' @opentelemetry/instrumentation-undici@'^0.33.0' (OTel JS 2.x)",
    );
  });

  it('loads an installed peer, and gives undefined for a missing one', () => {
    expect(typeof tryRequirePeer<typeof import('@opentelemetry/exporter-trace-otlp-http')>(OTEL_PEERS.exporterOtlpHttp)?.OTLPTraceExporter).toBe('function');
    expect(tryRequirePeer(MISSING)).toBeUndefined();
  });

  it('throws InvalidOptionError naming the option, the package and the install command when an option needs a missing peer', () => {
    let error: unknown;
    try {
      requirePeerForOption(MISSING, "exporter.protocol 'http/json'");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("exporter.protocol 'http/json'");
    expect((error as Error).message).toBe(
      "agent-otel register(): option exporter.protocol 'http/json' needs the package @opentelemetry/exporter-not-installed, which is not installed: " +
        "npm install @opentelemetry/exporter-not-installed@'^2.12.0' (OTel JS 2.x)",
    );
  });

  it('passes on an error other than the package itself missing', () => {
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/exporter-trace-otlp-http', () => {
        throw new SyntaxError('broken build');
      });
      const { tryRequirePeer: fresh, OTEL_PEERS: peers } = jest.requireActual('../src/otel-peers') as typeof import('../src/otel-peers');
      expect(() => fresh(peers.exporterOtlpHttp)).toThrow('broken build');
    });
  });
});
