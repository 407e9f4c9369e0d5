// What the other @agent-otel packages (node, cli, genai) use from capture and a user program does
// not: exported as `@agent-otel/capture/internal`, outside the semver promise. The packages depend
// on each other at exact versions, so this surface may change in any release.
export { isCaptureMode } from './capture-mode';
export { validateCaptureRules } from './capture-rules';
export { MAX_TIMER_MS } from './timer-limit';
export { WAL_KEY_FORMAT } from './wal/wal-key';
export { settleWithin } from './settle-within';
export { RING_BUFFER_DEFAULTS } from './ring-buffer-options';
export { WAL_PROCESSOR_DEFAULTS } from './wal-span-processor-options';
export { DEFAULT_ZIPKIN_ENDPOINT } from './export/zipkin-span-exporter';
export { describeOptionValue, headersProblem, httpUrlProblem } from './export/export-option-problem';
export type { ExportOptionProblem } from './export/export-option-problem';
export { tenancyProblem } from './export/tenancy-options';
export { quarantineDir, REJECTIONS_FILE } from './wal-quarantine';
export type { QuarantineEntry } from './wal-quarantine';
