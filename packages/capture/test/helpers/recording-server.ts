/** The recording server of every package's tests (test/helpers/recording-server.ts at the root). */
export { RecordingServer, TLS_FILES } from '../../../../test/helpers/recording-server';
export type { RecordedRequest, RecordingServerTls } from '../../../../test/helpers/recording-server';
