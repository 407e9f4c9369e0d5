import { OtlpHttpSpanExporter, type OtlpHttpSpanExporterStats } from './otlp-http-span-exporter';
import type { OtlpHttpSpanExporterOptions } from './otlp-http-exporter-options';

/**
 * The former name of `OtlpHttpSpanExporter` with TLS or tenancy: the same class.
 * @deprecated Use `OtlpHttpSpanExporter`, which takes `tls` and `tenancy` itself; this name is
 * kept so existing code keeps working, and goes away in 1.0.
 */
export const RoutingOtlpHttpExporter = OtlpHttpSpanExporter;
/**
 * The instance type of `RoutingOtlpHttpExporter`: an `OtlpHttpSpanExporter`.
 * @deprecated Use `OtlpHttpSpanExporter`.
 */
export type RoutingOtlpHttpExporter = OtlpHttpSpanExporter;
/**
 * Options of `RoutingOtlpHttpExporter`: those of `OtlpHttpSpanExporter`.
 * @deprecated Use `OtlpHttpSpanExporterOptions`.
 */
export type RoutingOtlpHttpExporterOptions = OtlpHttpSpanExporterOptions;
/**
 * Counters of `RoutingOtlpHttpExporter`: those of `OtlpHttpSpanExporter`.
 * @deprecated Use `OtlpHttpSpanExporterStats`.
 */
export type RoutingOtlpHttpExporterStats = OtlpHttpSpanExporterStats;
