/** The recording server of every package's tests (test/helpers/recording-server.ts at the root). */
export { RecordingServer } from '../../../../test/helpers/recording-server';
