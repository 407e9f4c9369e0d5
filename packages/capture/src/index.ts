export {
  ATTR_CAPTURE_MODE,
  CAPTURE_MODES,
  CAPTURE_MODE_KEY,
  getCaptureMode,
  isCaptureMode,
  setCaptureMode,
  withCaptureMode,
} from './capture-mode';
export type { CaptureMode } from './capture-mode';
export type { SpanEncoder } from './otlp/span-encoder';
