#!/usr/bin/env node
/** The `agent-otel` executable: runs the command line and sets the process exit code. */
import { processOutput } from './cli-output';
import { runCli } from './program';

void runCli(process.argv.slice(2), processOutput(), { handleSignals: true }).then((code) => {
  process.exitCode = code;
});
