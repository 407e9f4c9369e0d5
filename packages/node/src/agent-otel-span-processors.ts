import * as path from 'node:path';
import type { SpanProcessor } from '@agent-otel/capture';
import { buildPipeline } from './build-pipeline';
import { optionsFromEnv, type Environment } from './from-env';
import type { RegisterOptions } from './options';
import { resolveOptions } from './resolve-options';
import { serviceDirName } from './service-resource';

/**
 * Options of {@link agentOtelSpanProcessors}: the processor and export part of
 * {@link RegisterOptions}. `serviceName` / `serviceVersion` / `environment` / `resourceAttributes`
 * only name the default WAL directory here; the resource of the spans is the SDK's.
 */
export type AgentOtelSpanProcessorsOptions = Pick<
  RegisterOptions,
  'serviceName' | 'serviceVersion' | 'environment' | 'resourceAttributes' | 'exporter' | 'genai' | 'capture' | 'additionalSpanProcessors' | 'disabled'
>;

/**
 * agent-otel's processor chain for an SDK the application owns, on OTel JS 2.x or 3.x:
 * `new NodeSDK({ spanProcessors: agentOtelSpanProcessors(options) })`, or
 * `new NodeTracerProvider({ spanProcessors: agentOtelSpanProcessors(options) })` /
 * `new TracerProvider({ ... })`. The chain is the one register() installs — GenAiSpanProcessor,
 * then the CaptureRouter with the ring buffer (sampled) and the write-ahead log (complete,
 * critical), then `additionalSpanProcessors` — built from the same options and OTEL_* / AGENT_OTEL_*
 * environment variables (options win). The SDK's `shutdown()` / `forceFlush()` drain and close all
 * of it. Nothing global is touched: no provider, propagator, context manager, instrumentation, diag
 * logger or process exit hook (those are the SDK's). Throws {@link InvalidOptionError} for a bad
 * option; `disabled` (or OTEL_SDK_DISABLED=true) returns an empty list.
 */
export function agentOtelSpanProcessors(options: AgentOtelSpanProcessorsOptions = {}, env: Environment = process.env): SpanProcessor[] {
  const fromEnv = optionsFromEnv(env);
  const resolved = resolveOptions(options, fromEnv);
  if (resolved.disabled) return [];
  return buildPipeline(resolved, path.join(fromEnv.walBaseDir, serviceDirName(resolved)), 'application').processors;
}
