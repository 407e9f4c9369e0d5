'use strict';
/**
 * A local OTLP/HTTP traces sink in its own process, so that receiving does not compete with the
 * process under test for its event loop.
 *
 * Run as a child (`startSink()` forks this file): listens on 127.0.0.1:0, accepts POST /v1/traces
 * as protobuf or JSON, gzip or not, counts the spans, answers 200, and reports its counters over
 * IPC. Protobuf requests are counted by walking the wire format down to the span messages
 * (ExportTraceServiceRequest.resource_spans = 1 → ResourceSpans.scope_spans = 2 → ScopeSpans.spans
 * = 2) without decoding any span: a few varint reads per span, and every length is checked, so a
 * malformed body gets 400 instead of a wrong count. JSON requests are parsed (they appear only in
 * smoke tests, not in the timed scenarios).
 */
const { fork } = require('node:child_process');
const http = require('node:http');
const zlib = require('node:zlib');

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Reads a varint at `state.pos` (at most 10 bytes, within `end`); advances `state.pos`. */
function readVarint(buf, state, end) {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (state.pos >= end) throw new Error('truncated varint');
    const byte = buf[state.pos++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  throw new Error('varint longer than 10 bytes');
}

/**
 * Calls `onLen(field, start, end)` for each length-delimited field of the message in
 * `buf[start, end)` and skips every other field; throws on a malformed message.
 */
function forEachLenField(buf, start, end, onLen) {
  const state = { pos: start };
  while (state.pos < end) {
    const tag = readVarint(buf, state, end);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) throw new Error(`field number 0 at offset ${state.pos}`);
    if (wire === WIRE_VARINT) readVarint(buf, state, end);
    else if (wire === WIRE_I64) state.pos += 8;
    else if (wire === WIRE_I32) state.pos += 4;
    else if (wire === WIRE_LEN) {
      const length = readVarint(buf, state, end);
      const fieldStart = state.pos;
      state.pos += length;
      if (state.pos > end) throw new Error(`field ${field} runs past its message (offset ${fieldStart}, length ${length})`);
      onLen(field, fieldStart, state.pos);
    } else throw new Error(`unsupported wire type ${wire} at offset ${state.pos}`);
    if (state.pos > end) throw new Error('field runs past its message');
  }
}

/** Number of spans in an OTLP/protobuf ExportTraceServiceRequest. @throws on malformed bytes. */
function countSpansProtobuf(buf) {
  let count = 0;
  forEachLenField(buf, 0, buf.length, (field, start, end) => {
    if (field !== 1) return;
    forEachLenField(buf, start, end, (rsField, rsStart, rsEnd) => {
      if (rsField !== 2) return;
      forEachLenField(buf, rsStart, rsEnd, ssField => {
        if (ssField === 2) count++;
      });
    });
  });
  return count;
}

/** Number of spans in an OTLP/JSON ExportTraceServiceRequest. @throws on malformed JSON. */
function countSpansJson(buf) {
  const request = JSON.parse(buf.toString('utf8'));
  let count = 0;
  for (const rs of request.resourceSpans ?? []) {
    for (const ss of rs.scopeSpans ?? []) count += (ss.spans ?? []).length;
  }
  return count;
}

/** The sink server (child side). */
function runSink() {
  const counters = { spans: 0, requests: 0, bytes: 0, rejected: 0, lastError: undefined };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url.split('?')[0].endsWith('/v1/traces')) {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    let length = 0;
    req.on('data', chunk => {
      chunks.push(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
      const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
      const answer = (err, body) => {
        let spans;
        try {
          if (err) throw err;
          spans = isJson ? countSpansJson(body) : countSpansProtobuf(body);
        } catch (error) {
          counters.rejected++;
          counters.lastError = String(error && error.message ? error.message : error);
          res.writeHead(400, { 'content-type': 'text/plain' }).end(counters.lastError);
          return;
        }
        counters.spans += spans;
        counters.requests++;
        counters.bytes += raw.length;
        if (isJson) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      };
      if (req.headers['content-encoding'] === 'gzip') zlib.gunzip(raw, answer);
      else answer(null, raw);
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    process.send({ type: 'ready', port: server.address().port });
  });
  process.on('message', message => {
    if (message.type === 'stats') {
      process.send({ type: 'stats', id: message.id, cpuMicros: cpuMicros(), ...counters });
    } else if (message.type === 'reset') {
      Object.assign(counters, { spans: 0, requests: 0, bytes: 0, rejected: 0, lastError: undefined });
      process.send({ type: 'stats', id: message.id, cpuMicros: cpuMicros(), ...counters });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function cpuMicros() {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Forks a sink process and resolves when it listens. The handle offers `url`, `stats()`, `reset()`,
 * `settle()` and `stop()`; the sink exits when its parent goes away.
 */
function startSink() {
  const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let nextId = 1;
  return new Promise((resolve, reject) => {
    const onEarlyExit = code => reject(new Error(`OTLP sink exited with code ${code} before listening`));
    child.once('exit', onEarlyExit);
    child.on('message', message => {
      if (message.type === 'ready') {
        child.off('exit', onEarlyExit);
        resolve(handle(message.port));
      } else if (message.type === 'stats') {
        const done = waiting.get(message.id);
        waiting.delete(message.id);
        if (done) done(message);
      }
    });
  });

  function ask(type) {
    return new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new Error('OTLP sink is gone'));
        return;
      }
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ type, id });
    });
  }

  function handle(port) {
    return {
      url: `http://127.0.0.1:${port}/v1/traces`,
      /** Counters since the last reset: spans, requests, bytes, rejected, cpuMicros. */
      stats: () => ask('stats'),
      /** Zeroes the counters. */
      reset: () => ask('reset'),
      /** Resolves with the counters once they have not changed for `quietMs` (or after `maxMs`). */
      async settle({ quietMs = 300, maxMs = 15000 } = {}) {
        const deadline = Date.now() + maxMs;
        let last = await ask('stats');
        let stableSince = Date.now();
        while (Date.now() < deadline) {
          await new Promise(r => setTimeout(r, 50));
          const now = await ask('stats');
          if (now.spans !== last.spans || now.requests !== last.requests || now.rejected !== last.rejected) {
            last = now;
            stableSince = Date.now();
          } else if (Date.now() - stableSince >= quietMs) {
            return now;
          }
        }
        return last;
      },
      stop() {
        if (child.connected) child.disconnect();
        child.kill();
      },
    };
  }
}

if (require.main === module) runSink();

module.exports = { startSink, countSpansProtobuf, countSpansJson };
