/**
 * Starts the whole example as three processes — the LLM stand-in, the tools service (traced by the
 * agent-otel preload alone) and the agent service (traced through `register()`) — wired together
 * by the URLs they announce. Used by the end-to-end test and the demo; run on its own it also asks
 * one question:
 *
 *   node dist/run-all.js ["your question"]
 *
 * OTEL_* variables (e.g. OTEL_EXPORTER_OTLP_ENDPOINT) are passed on to the services. With
 * OPENAI_BASE_URL set, the stand-in is not started and the agent talks to that provider.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServiceProcess, type ServiceProcess } from './run/service-process';

/** Options of {@link startExample}. */
export interface StartExampleOptions {
  /** Variables for all three services, merged over this process's environment. Default: none. */
  env?: NodeJS.ProcessEnv;
  /**
   * `'pipe'` (default): the services' stderr is only collected (see `logs()`; it is also part of
   * the error when a service fails to start). `'inherit'`: their output is echoed here as well.
   */
  stdio?: 'pipe' | 'inherit';
  /**
   * An OpenAI-compatible base URL (e.g. `https://api.openai.com/v1`) to use instead of starting the
   * stand-in; the agent then needs OPENAI_API_KEY in `env` or the environment. Default: the stand-in.
   */
  llmBaseUrl?: string;
  /** How long each service may take to come up, in ms. Default 15000. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before it kills a service, in ms. Default 10000. */
  stopTimeoutMs?: number;
}

/** The running example. */
export interface RunningExample {
  /** Base URL of the agent service; ask with `POST ${agentUrl}/ask`. */
  agentUrl: string;
  /** Base URL of the tools service. */
  toolsUrl: string;
  /** The OpenAI base URL the agent uses (the stand-in's `…/v1`, or `llmBaseUrl`). */
  llmUrl: string;
  /** What each service wrote to stderr so far (`llm` is empty when the stand-in was not started). */
  logs(): { agent: string; tools: string; llm: string };
  /** SIGTERM to every service (the agent first), then waits for all to exit. Idempotent. */
  stop(): Promise<void>;
}

/** The example's root folder (holding `dist/` and `package.json`), from `src/` or `dist/` alike. */
const EXAMPLE_ROOT = resolve(__dirname, '..');
const DIST = join(EXAMPLE_ROOT, 'dist');

/**
 * Spawns the services with `node`, from the compiled `dist/` (build first with
 * `npx tsc -b examples/two-service-agent`). Rejects with the failing service's stderr when one
 * does not come up; the others are stopped first.
 */
export async function startExample(options: StartExampleOptions = {}): Promise<RunningExample> {
  if (!existsSync(join(DIST, 'agent-service.js'))) {
    throw new Error(`${DIST}/agent-service.js is missing; build the example first: npx tsc -b examples/two-service-agent`);
  }
  const env = { ...process.env, ...options.env };
  const echo = options.stdio === 'inherit';
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const spec = (name: string, args: string[], extraEnv: NodeJS.ProcessEnv) => ({
    name,
    args,
    env: { ...env, ...extraEnv },
    cwd: EXAMPLE_ROOT,
    echo,
    startTimeoutMs,
  });

  const started: ServiceProcess[] = [];
  const track = (service: Promise<ServiceProcess>): Promise<ServiceProcess> =>
    service.then((running) => {
      started.push(running);
      return running;
    });
  try {
    const [llm, tools] = await Promise.all([
      options.llmBaseUrl === undefined ? track(startServiceProcess(spec('llm', [join(DIST, 'llm-server.js')], { LLM_PORT: '0' }))) : undefined,
      track(
        startServiceProcess(
          spec('tools', ['--require', '@agent-otel/node/register', join(DIST, 'tools-service.js')], {
            OTEL_SERVICE_NAME: 'tools-service',
            TOOLS_PORT: '0',
          }),
        ),
      ),
    ]);
    const llmUrl = options.llmBaseUrl ?? `${llm!.url}/v1`;
    const agent = await track(startServiceProcess(spec('agent', [join(DIST, 'agent-service.js')], { AGENT_PORT: '0', TOOLS_URL: tools.url, OPENAI_BASE_URL: llmUrl })));
    let stopping: Promise<void> | undefined;
    return {
      agentUrl: agent.url,
      toolsUrl: tools.url,
      llmUrl,
      logs: () => ({ agent: agent.stderr(), tools: tools.stderr(), llm: llm?.stderr() ?? '' }),
      stop: () =>
        (stopping ??= agent
          .stop(stopTimeoutMs)
          .then(() => Promise.all([tools.stop(stopTimeoutMs), llm?.stop(stopTimeoutMs)]))
          .then(() => undefined)),
    };
  } catch (error) {
    await Promise.allSettled(started.map((service) => service.stop(stopTimeoutMs)));
    throw error;
  }
}

async function main(): Promise<void> {
  const example = await startExample({ stdio: 'inherit', llmBaseUrl: process.env.OPENAI_BASE_URL || undefined });
  const stop = (): void => {
    void example.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`agent ${example.agentUrl}  tools ${example.toolsUrl}  llm ${example.llmUrl}`);

  try {
    const question = process.argv[2] ?? 'Can I fly from Paris to Lisbon tomorrow, and what is the weather like there?';
    const sessionId = `session-${randomUUID().slice(0, 8)}`;
    const response = await fetch(`${example.agentUrl}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', baggage: `session.id=${sessionId}` },
      body: JSON.stringify({ question }),
    });
    console.log(`\nQ: ${question}\nHTTP ${response.status}`);
    console.log(JSON.stringify(await response.json(), null, 2));
  } catch (error) {
    await example.stop();
    throw error;
  }
  console.log('\nThe services keep running; press Ctrl-C to stop them.');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
