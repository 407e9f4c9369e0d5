/** The recording server of every package's tests (test/helpers/recording-server.ts at the root), under the names the capture tests use. */
export { RecordingServer as OtlpSinkServer, refusedUrl } from '../../../../test/helpers/recording-server';
export type { RecordedReply as SinkReply, RecordedRequest as SinkRequest } from '../../../../test/helpers/recording-server';
