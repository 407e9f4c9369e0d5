import { OtlpHttpSpanExporter, type OtlpHttpSpanExporterStats } from './otlp-http-span-exporter';
import type { OtlpHttpSpanExporterOptions } from './otlp-http-exporter-options';

/**
 * @deprecated Use `OtlpHttpSpanExporter`, which takes `tls` and `tenancy` itself; this name is the
 * same class, kept so existing code keeps working, and goes away in 1.0.
 */
export const RoutingOtlpHttpExporter = OtlpHttpSpanExporter;
/** @deprecated The same class as `OtlpHttpSpanExporter`; use that name. */
export type RoutingOtlpHttpExporter = OtlpHttpSpanExporter;
/** @deprecated Use `OtlpHttpSpanExporterOptions`. */
export type RoutingOtlpHttpExporterOptions = OtlpHttpSpanExporterOptions;
/** @deprecated Use `OtlpHttpSpanExporterStats`. */
export type RoutingOtlpHttpExporterStats = OtlpHttpSpanExporterStats;
