'use strict';
/**
 * The command line of the scripts that run a server for the tests and the demo (jaeger.js,
 * zipkin.js, phoenix.js):
 *
 *   node scripts/<name>.js install   print the path `install()` returns
 *   node scripts/<name>.js start     `start()` a detached server, write `state(server)` to
 *                                    ~/.cache/agent-otel/run/<name>.json and print it as JSON
 *   node scripts/<name>.js stop      SIGTERM the pid of that file, then remove the file
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { waitFor } = require('./wait-for');

const CACHE_DIR = process.env.AGENT_OTEL_CACHE_DIR || path.join(os.homedir(), '.cache', 'agent-otel');

/** True while a process with this pid exists. */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `command` for the server `name`. `spec`: `install()` returns the installed path; `start()`
 * resolves to a detached server with a `pid`; `state(server)` picks what the state file keeps (its
 * `pid` included); `stopTimeoutMs`, when set, makes `stop` wait that long for the process to exit
 * and then SIGKILL it (default: SIGTERM without waiting); `afterStop(state)` cleans up after `stop`.
 */
async function serverCommand(command, { name, install, start, state, stopTimeoutMs, afterStop }) {
  const stateFile = path.join(CACHE_DIR, 'run', `${name}.json`);
  if (command === 'install') {
    console.log(install());
  } else if (command === 'start') {
    const saved = state(await start());
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, JSON.stringify(saved, null, 2));
    console.log(JSON.stringify(saved));
  } else if (command === 'stop') {
    if (!fs.existsSync(stateFile)) return console.log(`${name}: not running (no state file)`);
    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    const { pid } = saved;
    try {
      process.kill(pid, 'SIGTERM');
      if (stopTimeoutMs !== undefined) {
        await waitFor(`${name} pid ${pid} to exit`, async () => !isAlive(pid), { timeoutMs: stopTimeoutMs }).catch(() => process.kill(pid, 'SIGKILL'));
      }
      console.log(`${name}: stopped pid ${pid}`);
    } catch {
      console.log(`${name}: pid ${pid} was not running`);
    }
    if (afterStop) afterStop(saved);
    fs.rmSync(stateFile, { force: true });
  } else {
    console.error(`usage: node scripts/${name}.js install|start|stop`);
    process.exitCode = 2;
  }
}

/**
 * When `callerModule` is the program being run, runs `serverCommand` with the command-line argument;
 * an error is printed with the server's name and sets exit code 1.
 */
function runServerCli(callerModule, spec) {
  if (require.main !== callerModule) return;
  serverCommand(process.argv[2], spec).catch((err) => {
    console.error(`${spec.name}: ${err.message}`);
    process.exitCode = 1;
  });
}

module.exports = { runServerCli };
