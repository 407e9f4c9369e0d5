import { loadOptionalPeer } from '../src/optional-peer';
import { InvalidOptionError } from '../src/resolve-options';

describe('loadOptionalPeer()', () => {
  it('returns the module when it is installed', () => {
    const zipkin = loadOptionalPeer<typeof import('@opentelemetry/exporter-zipkin')>('@opentelemetry/exporter-zipkin', "exporter.type 'zipkin'", { v2: '^2.12.0', v3: '^3.1.0' });
    expect(typeof zipkin.ZipkinExporter).toBe('function');
  });

  it('names the option, the package and the install command of the application\'s SDK line when it is missing', () => {
    let error: unknown;
    try {
      loadOptionalPeer('@opentelemetry/exporter-not-installed', "exporter.type 'zipkin'", { v2: '^2.12.0', v3: '^3.1.0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("exporter.type 'zipkin'");
    // The monorepo's own line is 2.x (sdk-trace 2.12.0).
    expect((error as Error).message).toBe(
      "agent-otel register(): option exporter.type 'zipkin' needs the package @opentelemetry/exporter-not-installed, which is not installed: " +
        "npm install @opentelemetry/exporter-not-installed@'^2.12.0' (the application has @opentelemetry/sdk-trace 2.12.0)",
    );
  });
});
