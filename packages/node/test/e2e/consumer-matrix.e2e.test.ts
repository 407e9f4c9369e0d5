/**
 * The consumer matrix (scripts/consumer/cells.js): agent-otel as a user gets it. Every published
 * package is packed with `npm pack`; each cell is a fresh app in the temp directory (outside the
 * repository) that installs the tarballs and one OpenTelemetry JS line from the npm registry in one
 * `npm install`, type-checks with strict TypeScript and library checks on, and runs each scenario
 * against a real Jaeger and the OpenAI-compatible stand-in, through the real `openai` client.
 *
 * Asserted per cell: no ERESOLVE / peer / engine warning from npm, `npm ls --all` exits 0, the
 * tarballs add no copy of any `@opentelemetry/*` package (compared with the same app installed
 * without them) and `@opentelemetry/api` is installed once, strict `tsc` (library checks on) passes with no diagnostic; per scenario: the
 * trace read back from Jaeger has the gen_ai attributes of each call, each call counted once (the
 * duplicate span of a call carries the marker, and the sum of `agent_otel.cost.usd` over the spans
 * without it equals the cost of the calls made), the request roll-up, and exactly one HTTP client
 * span per call where an http instrumentation runs.
 *
 * The npm cache is ${AGENT_OTEL_CACHE_DIR:-~/.cache/agent-otel}/npm-cache, so a rerun is fast.
 * AGENT_OTEL_KEEP_CONSUMER_APPS=1 keeps the app directories for inspection.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JaegerClient } from '@agent-otel/cli';
import { DEFAULT_PRICE_TABLE } from '@agent-otel/genai';
import { startStandIn, type LlmEndpoint } from '../../../genai/test/helpers/llm-stand-in';
/* eslint-disable @typescript-eslint/no-require-imports */
const { startJaeger } = require('../../../../scripts/jaeger');
const { CELLS, installArgs } = require('../../../../scripts/consumer/cells');
const { createAppDir } = require('../../../../scripts/consumer/app-dir');
const { nodeBinary } = require('../../../../scripts/consumer/node-binaries');
const { npmInstall, npmLs, otelCopies, installedVersion, appEnv } = require('../../../../scripts/consumer/npm-app');
const { packPublished } = require('../../../../scripts/consumer/pack');
const { extractSection, renderSection, README } = require('../../../../scripts/consumer/readme-section');
const { runCommand, describeRun } = require('../../../../scripts/consumer/run-command');
const { runScenario } = require('../../../../scripts/consumer/run-scenario');
const { traceProblems } = require('../../../../scripts/consumer/check-trace');
const { addedCopies, nestedInOurs } = require('../../../../scripts/consumer/otel-copies');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Scenario {
  name: string;
  feature: string;
  main: string;
  nodeArgs: string[];
  openaiInstrumentation: boolean;
  httpClientSpans: boolean;
}
interface Cell {
  id: string;
  title: string;
  nodeMajor: number;
  otelLine: number;
  moduleType: string;
  install: string[][];
  scenarios: Scenario[];
}
interface CommandResult {
  status: number | null;
  output: string;
  stdout: string;
  stderr: string;
  millis: number;
  timedOut: boolean;
}
interface CallReport {
  requestModel: string;
  responseModel: string;
  inputTokens: number;
  outputTokens: number;
}
interface RunReport {
  scenario: string;
  node: string;
  traceId: string;
  calls: CallReport[];
}
type Copies = Record<string, { version: string; location: string }[]>;

/** The attribute that marks the span of a model call another span already counts. */
const DUPLICATE_MARKER = 'agent_otel.llm.duplicate_of';
const MODEL = 'gpt-4o-mini';
const CACHE_DIR = process.env.AGENT_OTEL_CACHE_DIR || path.join(os.homedir(), '.cache', 'agent-otel');
const NPM_CACHE = path.join(CACHE_DIR, 'npm-cache');
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** Fails with the command, its exit and the tail of its output when it did not exit 0. */
function expectSuccess(label: string, result: CommandResult): void {
  if (result.status !== 0) throw new Error(describeRun(label, result));
}

describe('README install commands and compatibility table', () => {
  it('are the ones the consumer matrix installs and runs (regenerate: node scripts/consumer/readme-section.js --write)', () => {
    expect(extractSection(fs.readFileSync(README, 'utf8'))).toBe(renderSection());
  });
});

describe('consumer matrix: packed tarballs in fresh apps, each OpenTelemetry JS line (e2e, real Jaeger)', () => {
  let work: string;
  let tarballs: Record<string, string>;
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let llm: LlmEndpoint;
  let client: JaegerClient;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-consumer-'));
    tarballs = packPublished(path.join(work, 'tarballs'));
    jaeger = await startJaeger();
    client = new JaegerClient({ url: jaeger.queryUrl });
    llm = await startStandIn();
  }, 120_000);

  afterAll(async () => {
    await llm?.close();
    await jaeger?.stop();
    if (work && !process.env.AGENT_OTEL_KEEP_CONSUMER_APPS) fs.rmSync(work, { recursive: true, force: true });
    else if (work) process.stdout.write(`consumer apps kept in ${work}\n`);
  });

  it('packs every published package', () => {
    expect(Object.keys(tarballs).sort()).toEqual(['@agent-otel/capture', '@agent-otel/cli', '@agent-otel/genai', '@agent-otel/node']);
  });

  describe.each(CELLS as Cell[])('$title', (cell) => {
    let node: { bin: string; version: string };
    let dir: string;
    let installed = false;
    let compiled = false;
    const tools = () => ({ nodeBin: node.bin, cacheDir: NPM_CACHE });
    const requireInstalled = (): void => {
      if (!installed) throw new Error(`the ${cell.id} app did not install (see the install test)`);
    };

    /**
     * Runs each install command in order; each must exit 0. Resolves to the npm warnings the matrix
     * forbids, per command (the caller asserts there are none, after the install is usable).
     */
    const installAll = async (appDir: string, commands: string[][], label: string): Promise<{ command: string; forbidden: string[] }[]> => {
      const warnings: { command: string; forbidden: string[] }[] = [];
      for (const args of commands) {
        const result = await npmInstall(appDir, args, { ...tools(), timeoutMs: INSTALL_TIMEOUT_MS });
        process.stdout.write(`${label}: npm install ${args.map((a) => path.basename(a)).join(' ')}: ${result.millis} ms\n`);
        expectSuccess(`npm install ${args.join(' ')} in ${appDir}`, result);
        if (result.forbidden.length > 0) warnings.push({ command: `npm install ${args.join(' ')}`, forbidden: result.forbidden });
      }
      return warnings;
    };

    beforeAll(() => {
      node = nodeBinary(cell.nodeMajor);
      dir = createAppDir(cell, path.join(work, cell.id));
    });

    it(
      `installs the tarballs beside the registry packages, by the README's commands, with no ERESOLVE, peer or engine warning`,
      async () => {
        const warnings = await installAll(dir, installArgs(cell, tarballs), `[${cell.id}] on ${node.version}`);
        installed = true;
        expect(warnings).toEqual([]);
        const sdkNode = installedVersion(dir, '@opentelemetry/sdk-node');
        expect(sdkNode).toMatch(new RegExp(`^0\\.${cell.otelLine}\\d\\d\\.`));
        for (const name of Object.keys(tarballs)) expect(installedVersion(dir, name)).toBeDefined();
      },
      2 * INSTALL_TIMEOUT_MS,
    );

    it('npm ls --all exits 0', async () => {
      requireInstalled();
      expectSuccess(`npm ls --all in ${dir}`, await npmLs(dir, tools()));
    }, 120_000);

    it(
      'adds no copy of any @opentelemetry package, and @opentelemetry/api is installed once',
      async () => {
        requireInstalled();
        const baselineDir = createAppDir(cell, path.join(work, `${cell.id}-baseline`));
        const baselineWarnings = await installAll(baselineDir, installArgs(cell, null), `[${cell.id}] baseline without agent-otel`);
        if (baselineWarnings.length > 0) process.stdout.write(`[${cell.id}] the baseline without agent-otel has npm warnings too: ${JSON.stringify(baselineWarnings)}\n`);
        const withOurs: Copies = await otelCopies(dir, tools());
        const without: Copies = await otelCopies(baselineDir, tools());
        expect(addedCopies(withOurs, without)).toEqual([]);
        expect(nestedInOurs(withOurs)).toEqual([]);
        expect(withOurs['@opentelemetry/api']).toHaveLength(1);
      },
      4 * INSTALL_TIMEOUT_MS,
    );

    it('type-checks with strict TypeScript, library checks on (tsc: exit 0, no diagnostic)', async () => {
      requireInstalled();
      // One tsc run both checks (strict, skipLibCheck false: the same diagnostics as --noEmit) and
      // emits: with noEmitOnError off the scenarios still get their JavaScript when a type error
      // elsewhere fails this test, so one run reports every problem.
      const tsc = await runCommand('npx', ['--no-install', 'tsc', '-p', '.', '--noEmitOnError', 'false'], { cwd: dir, env: appEnv(node.bin), timeoutMs: 300_000 });
      compiled = fs.existsSync(path.join(dir, 'dist'));
      expectSuccess(`tsc in ${dir}`, tsc);
      expect(tsc.output.trim()).toBe('');
    }, 600_000);

    describe.each(cell.scenarios)('scenario $name ($feature)', (scenario) => {
      let report: RunReport | undefined;

      it('runs, and the trace in Jaeger has the gen_ai attributes with each call counted once', async () => {
        if (!compiled) throw new Error(`the ${cell.id} app did not compile (see the tsc test)`);
        const serviceName = `consumer-${scenario.name}`;
        const run = await runScenario(dir, scenario, {
          nodeBin: node.bin,
          env: {
            OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl,
            OTEL_SERVICE_NAME: serviceName,
            OTEL_NODE_RESOURCE_DETECTORS: 'env,host,process',
            AGENT_OTEL_AGENT_NAME: 'consumer-agent',
            LLM_BASE_URL: llm.baseUrl,
            XDG_STATE_HOME: path.join(work, 'state', cell.id, scenario.name),
          },
        });
        expectSuccess(`${scenario.name} app in ${dir}`, run);
        report = run.report as RunReport | undefined;
        if (!report) throw new Error(`the ${scenario.name} app printed no CONSUMER_REPORT line:\n${run.output}`);
        expect(report.node).toBe(node.version);
        expect(report.calls).toHaveLength(2);
        const calls = report.calls;
        for (const call of calls) expect(call.inputTokens > 0 && call.outputTokens > 0).toBe(true);

        const perCall = scenario.openaiInstrumentation ? 2 : 1;
        const minSpans = 1 + calls.length * perCall + (scenario.httpClientSpans ? calls.length : 0);
        const spans = await client.waitForTrace(report.traceId, { minSpans, timeoutMillis: 20_000 });
        const problems = traceProblems({
          spans,
          report,
          scenario,
          serviceName,
          agentName: 'consumer-agent',
          price: DEFAULT_PRICE_TABLE[MODEL],
          duplicateMarker: DUPLICATE_MARKER,
          llmBaseUrl: llm.baseUrl,
        });
        expect(problems).toEqual([]);
      }, 120_000);

      if (scenario.name === 'register') {
        it('agent-otel traces (the cli from its tarball) prints that trace from Jaeger', async () => {
          if (!report) throw new Error('the scenario did not run (see the test before)');
          const shown = await runCommand('npx', ['--no-install', 'agent-otel', 'traces', report.traceId, '--jaeger', jaeger.queryUrl], {
            cwd: dir,
            env: appEnv(node.bin),
            timeoutMs: 60_000,
          });
          expectSuccess('agent-otel traces', shown);
          expect(shown.stdout).toContain('invoke_agent consumer-agent');
          expect(shown.stdout).toContain(`chat ${MODEL}`);
        }, 90_000);
      }
    });
  });
});
