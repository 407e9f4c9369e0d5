import { diag } from '@opentelemetry/api';
import { ProtobufReader, WireType } from './protobuf-reader';

/** `ExportTracePartialSuccess` of an OTLP `ExportTraceServiceResponse`. */
export interface OtlpPartialSuccess {
  /** Spans the backend refused although it answered 2xx. */
  readonly rejectedSpans: number;
  /** The backend's explanation (may be empty). */
  readonly errorMessage: string;
}

/**
 * The `partial_success` of an OTLP/protobuf `ExportTraceServiceResponse` body (field 1:
 * `rejected_spans` = 1, `error_message` = 2), or undefined when the body has none, reports nothing
 * (0 rejected, no message), or is not a well-formed response (an empty or non-protobuf body).
 */
export function readPartialSuccess(body: Uint8Array): OtlpPartialSuccess | undefined {
  let rejectedSpans = 0;
  let errorMessage = '';
  let found = false;
  try {
    const response = new ProtobufReader(body);
    while (response.more()) {
      const [field, wire] = response.tag();
      if (field !== 1 || wire !== WireType.LEN) {
        response.skip(wire);
        continue;
      }
      found = true;
      const partial = response.message();
      while (partial.more()) {
        const [f, w] = partial.tag();
        if (f === 1 && w === WireType.VARINT) rejectedSpans = Number(partial.int64());
        else if (f === 2 && w === WireType.LEN) errorMessage = partial.string();
        else partial.skip(w);
      }
    }
  } catch {
    return undefined;
  }
  return found && (rejectedSpans > 0 || errorMessage !== '') ? { rejectedSpans, errorMessage } : undefined;
}

/**
 * Counts the spans that 2xx answers reject through `partial_success`, and reports the first such
 * answer through diag (a warning naming the URL, the count and the backend's message); later ones
 * are only counted, so a backend that refuses some spans of every batch does not flood the log.
 */
export class PartialSuccessCounter {
  /** Spans rejected in accepted answers, total. */
  rejectedSpans = 0;
  private _reported = false;

  /** Reads the body of one accepted answer from `url`. */
  record(body: Uint8Array, url: string): void {
    const partial = readPartialSuccess(body);
    if (!partial) return;
    this.rejectedSpans += partial.rejectedSpans;
    if (this._reported) return;
    this._reported = true;
    const message = partial.errorMessage ? `: ${partial.errorMessage}` : '';
    diag.warn(
      `agent-otel: ${url} accepted an OTLP export but rejected ${partial.rejectedSpans} of its spans (partial_success)${message}; further partial successes are counted in stats().rejectedSpans, not logged`,
    );
  }
}
