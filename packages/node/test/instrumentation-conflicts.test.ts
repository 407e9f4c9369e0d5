import { execFile } from 'node:child_process';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ownInstrumentationConflicts } from '../src/instrumentation-conflicts';

const FIXTURE = path.join(__dirname, 'fixtures', 'beside-user-instrumentations.cjs');

interface FixtureSpan {
  name: string;
  kind: number;
  scope: string;
  path?: string;
}

/** Runs the fixture; `log` is everything it printed besides its JSON line (diag info goes to stdout). */
async function runFixture(env: NodeJS.ProcessEnv): Promise<{ spans: FixtureSpan[]; log: string }> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [FIXTURE], { env: { ...process.env, ...env }, timeout: 30000 });
  const lines = stdout.trim().split('\n');
  return { ...JSON.parse(lines.pop()!), log: lines.join('\n') + stderr };
}

const SERVER = 1;
const CLIENT = 2;

describe('ownInstrumentationConflicts()', () => {
  it('finds none in a process where nothing patches http or observes undici', () => {
    expect(ownInstrumentationConflicts()).toEqual({});
  });

  it('names the instrumentation the application handed over, by instrumentationName', () => {
    const conflicts = ownInstrumentationConflicts([
      { instrumentationName: '@opentelemetry/instrumentation-undici' },
      { instrumentationName: '@opentelemetry/instrumentation-openai' },
    ]);
    expect(conflicts.undici).toMatch(/include @opentelemetry\/instrumentation-undici/);
    expect(conflicts.http).toBeUndefined();
  });

  it('sees a subscriber of the undici:request:create diagnostics channel', () => {
    const listener = () => {};
    diagnosticsChannel.subscribe('undici:request:create', listener);
    try {
      expect(ownInstrumentationConflicts().undici).toMatch(/already observed/);
    } finally {
      diagnosticsChannel.unsubscribe('undici:request:create', listener);
    }
    expect(ownInstrumentationConflicts().undici).toBeUndefined();
  });

  it('sees http.request wrapped the way OTel instrumentations wrap (shimmer marks), and only then', () => {
    // The module object itself (a namespace import is read-only), as instrumentations patch it.
    const http = jest.requireActual<typeof import('node:http')>('node:http');
    const original = http.request;
    const unmarked = (...args: Parameters<typeof http.request>) => original(...args);
    const wrapped = Object.assign((...args: Parameters<typeof http.request>) => original(...args), { __wrapped: true, __original: original });
    try {
      (http as { request: unknown }).request = unmarked;
      expect(ownInstrumentationConflicts().http).toBeUndefined();
      (http as { request: unknown }).request = wrapped;
      expect(ownInstrumentationConflicts().http).toMatch(/node:http is already patched/);
    } finally {
      (http as { request: unknown }).request = original;
    }
  });
});

describe("register() beside the application's own http and undici instrumentations (real child process)", () => {
  it('enables neither of its own when the application enabled them first, so each request has one client and one server span', async () => {
    const { spans, log } = await runFixture({});
    const fetchClients = spans.filter((s) => s.kind === CLIENT && s.path === '/fetch');
    const getClients = spans.filter((s) => s.kind === CLIENT && s.scope === '@opentelemetry/instrumentation-http');
    expect(fetchClients).toHaveLength(1);
    expect(getClients).toHaveLength(1);
    expect(spans.filter((s) => s.kind === SERVER)).toHaveLength(2);
    expect(spans).toHaveLength(4);
    expect(log).toMatch(/did not enable its http instrumentation: node:http is already patched/);
    expect(log).toMatch(/did not enable its undici instrumentation: undici\/fetch requests are already observed/);
  });

  it('enables its own when the application has none: the same requests, the same four spans', async () => {
    const { spans, log } = await runFixture({ USER_INSTRUMENTATIONS: 'none' });
    expect(spans.filter((s) => s.kind === CLIENT)).toHaveLength(2);
    expect(spans.filter((s) => s.kind === SERVER)).toHaveLength(2);
    expect(log).not.toMatch(/did not enable/);
  });
});
