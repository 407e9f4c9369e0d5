/**
 * Runs `test/fixtures/phoenix-spans.cjs`, which sends spans to Phoenix with the stock OTLP/HTTP
 * protobuf exporter in a plain Node process (that exporter's dynamic `import()` of node:http does
 * not run inside jest's VM). The `genai` scenario uses the package's compiled `dist/`, which
 * `npm test` builds first: when running jest alone, run `npm run build` after changing `src/`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(PACKAGE_DIR, 'test', 'fixtures', 'phoenix-spans.cjs');

/** Scenarios of the fixture: hand-written OpenInference attributes, or the agent-otel helpers. */
export type PhoenixSpansScenario = 'openinference' | 'genai';

/** What the fixture sent. */
export interface SentSpans {
  readonly traceId: string;
  /** Span name → span id. */
  readonly spanIds: Readonly<Record<string, string>>;
  /** Span name → the attributes the OTLP exporter was given (after every span processor). */
  readonly attributes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Where to send. */
export interface SendTarget {
  /** OTLP/HTTP traces URL. */
  otlpHttpUrl: string;
  /** Phoenix project, sent as the `openinference.project.name` resource attribute. */
  project: string;
  /** Export timeout, retries included, in ms (OTEL_EXPORTER_OTLP_TRACES_TIMEOUT). Default: the exporter's, 10000. */
  exportTimeoutMs?: number;
}

/** Sends the spans of `scenario` and resolves once they are exported; rejects with the fixture's stderr. */
export async function sendPhoenixSpans(scenario: PhoenixSpansScenario, target: SendTarget): Promise<SentSpans> {
  if (scenario === 'genai') assertBuilt();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [FIXTURE, scenario], { cwd: PACKAGE_DIR, env: childEnv(target), timeout: 20000 }, (error, out, err) =>
      error ? reject(new Error(`${path.basename(FIXTURE)} ${scenario} failed: ${err || error.message}`)) : resolve(out),
    );
  });
  return JSON.parse(stdout) as SentSpans;
}

function childEnv(target: SendTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OTLP_URL: target.otlpHttpUrl, PROJECT: target.project };
  if (target.exportTimeoutMs !== undefined) env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = String(target.exportTimeoutMs);
  return env;
}

/** Throws when the package has not been compiled (the fixture would fail on a missing module). */
function assertBuilt(): void {
  if (!fs.existsSync(path.join(PACKAGE_DIR, 'dist', 'index.js'))) {
    throw new Error('packages/genai/dist/index.js is missing: run `npm run build` first (npm test does)');
  }
}
