/**
 * The W3C Trace Context Level 2 and W3C Baggage conformance table: header lines as a client sends
 * them, and the outcome each specification requires. The same rows run through the propagator
 * object (test/propagation/conformance.test.ts) and through a real HTTP hop into a service traced
 * by agent-otel (test/e2e/propagation-conformance.e2e.test.ts). Where the stock propagators of
 * `@opentelemetry/core` behave otherwise, `core` records what they do; the README's conformance
 * table lists the same rows.
 */

/** The trace id and parent id of the valid inbound headers. */
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const PARENT_ID = '00f067aa0ba902b7';
const UPPER_TRACE_ID = TRACE_ID.toUpperCase();
const VALID = `00-${TRACE_ID}-${PARENT_ID}-01`;

/** One baggage entry as a service sees it. */
export interface BaggageEntryView {
  value: string;
  metadata?: string;
}

/** What a receiver must do with the headers of one row. */
export interface Outcome {
  /** Continue the inbound trace (trace id {@link TRACE_ID}) or start a new one. */
  trace: 'continue' | 'new';
  /** The `sampled` flag of the traceparent the receiver sends on (only checked when set). */
  sampled?: boolean;
  /**
   * The whole `trace-flags` field the receiver sends on, e.g. `03` (only checked when set). The
   * sender's child span carries only the `sampled` bit, as the SDK gives it.
   */
  flags?: string;
  /** The `tracestate` the receiver sends on; null: none. Default null. */
  tracestate?: string | null;
  /** The baggage entries the receiver sees; default none. */
  baggage?: Record<string, BaggageEntryView>;
  /** The `baggage` header the receiver sends on; null: none. Default: none when `baggage` is empty. */
  baggageHeader?: string | null;
}

/** One row of the table. */
export interface ConformanceCase {
  /** Short stable id, used in test names and the README table. */
  id: string;
  /** The rule the row checks, as the README states it. */
  rule: string;
  /** Header lines in the order sent; names keep their casing; a name may repeat. */
  headers: [string, string][];
  /** What the specification requires. */
  expect: Outcome;
  /** Where `@opentelemetry/core`'s propagators do otherwise (through an HTTP hop), what they do. */
  core?: Partial<Outcome>;
}

/** Where a row's rule is written: the specification and its section titles. */
export type SpecSection = string;

const members = (count: number, from = 1) => Array.from({ length: count }, (_, i) => `bar${String(i + from).padStart(2, '0')}=${String(i + from).padStart(2, '0')}`).join(',');
const member = (key: string, length: number) => `${key}=${'v'.repeat(length - key.length - 1)}`;

const traceparentCases: ConformanceCase[] = [
  { id: 'tp-valid', rule: 'version 00, sampled: continue', headers: [['traceparent', VALID]], expect: { trace: 'continue', sampled: true } },
  { id: 'tp-not-sampled', rule: 'flags 00: continue, not sampled', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-00`]], expect: { trace: 'continue', sampled: false } },
  {
    id: 'tp-unknown-flags',
    rule: 'flags ff: sampled and random bits honoured, reserved bits sent as 0',
    headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-ff`]],
    expect: { trace: 'continue', sampled: true, flags: '03' },
    core: { flags: '01' },
  },
  {
    id: 'tp-random-flag',
    rule: 'flags 03: sampled, random flag sent on',
    headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-03`]],
    expect: { trace: 'continue', sampled: true, flags: '03' },
    core: { flags: '01' },
  },
  {
    id: 'tp-flag-02-only',
    rule: 'flags 02: not sampled, random flag sent on',
    headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-02`]],
    expect: { trace: 'continue', sampled: false, flags: '02' },
    core: { flags: '00' },
  },
  { id: 'tp-random-unset', rule: 'flags 01: random flag stays unset', headers: [['traceparent', VALID]], expect: { trace: 'continue', sampled: true, flags: '01' } },
  {
    id: 'tp-future-random-flag',
    rule: 'future version with flags 0b: sampled and random kept, reserved bits sent as 0',
    headers: [['traceparent', `cc-${TRACE_ID}-${PARENT_ID}-0b-extra`]],
    expect: { trace: 'continue', sampled: true, flags: '03' },
    core: { flags: '01' },
  },
  { id: 'tp-future-version', rule: 'future version cc: parsed', headers: [['traceparent', `cc-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'continue', sampled: true } },
  {
    id: 'tp-future-extra-fields',
    rule: 'future version with extra fields: parsed, extra ignored',
    headers: [['traceparent', `cc-${TRACE_ID}-${PARENT_ID}-01-what-the-future-will-be-like`]],
    expect: { trace: 'continue', sampled: true },
  },
  {
    id: 'tp-future-bad-separator',
    rule: 'future version, flags not followed by a dash: new trace',
    headers: [['traceparent', `cc-${TRACE_ID}-${PARENT_ID}-01.what-the-future-will-be-like`]],
    expect: { trace: 'new' },
  },
  { id: 'tp-version-ff', rule: 'version ff: new trace', headers: [['traceparent', `ff-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-version-00-extra', rule: 'version 00 with extra fields: new trace', headers: [['traceparent', `${VALID}-what-the-future-will-be-like`]], expect: { trace: 'new' } },
  { id: 'tp-version-00-trailing', rule: 'version 00 with a trailing character: new trace', headers: [['traceparent', `${VALID}.`]], expect: { trace: 'new' } },
  { id: 'tp-version-illegal', rule: 'version not hex: new trace', headers: [['traceparent', `.0-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-version-short', rule: 'version of 1 digit: new trace', headers: [['traceparent', `0-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-version-long', rule: 'version of 3 digits: new trace', headers: [['traceparent', `000-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-version-upper', rule: 'version upper-case (CC): new trace', headers: [['traceparent', `CC-${TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-trace-id-zero', rule: 'all-zero trace-id: new trace', headers: [['traceparent', `00-${'0'.repeat(32)}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-parent-id-zero', rule: 'all-zero parent-id: new trace', headers: [['traceparent', `00-${TRACE_ID}-${'0'.repeat(16)}-01`]], expect: { trace: 'new' } },
  { id: 'tp-trace-id-upper', rule: 'upper-case hex trace-id: new trace', headers: [['traceparent', `00-${UPPER_TRACE_ID}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-parent-id-upper', rule: 'upper-case hex parent-id: new trace', headers: [['traceparent', `00-${TRACE_ID}-00F067AA0BA902B7-01`]], expect: { trace: 'new' } },
  { id: 'tp-flags-upper', rule: 'upper-case hex flags: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-0A`]], expect: { trace: 'new' } },
  { id: 'tp-trace-id-short', rule: 'trace-id of 31 digits: new trace', headers: [['traceparent', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-trace-id-long', rule: 'trace-id of 33 digits: new trace', headers: [['traceparent', `00-${TRACE_ID}1-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-trace-id-non-hex', rule: 'non-hex trace-id: new trace', headers: [['traceparent', `00-${TRACE_ID.slice(0, 31)}.-${PARENT_ID}-01`]], expect: { trace: 'new' } },
  { id: 'tp-parent-id-short', rule: 'parent-id of 15 digits: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID.slice(1)}-01`]], expect: { trace: 'new' } },
  { id: 'tp-parent-id-long', rule: 'parent-id of 17 digits: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}1-01`]], expect: { trace: 'new' } },
  { id: 'tp-parent-id-non-hex', rule: 'non-hex parent-id: new trace', headers: [['traceparent', `00-${TRACE_ID}-.${PARENT_ID.slice(1)}-01`]], expect: { trace: 'new' } },
  { id: 'tp-flags-short', rule: 'flags of 1 digit: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-1`]], expect: { trace: 'new' } },
  { id: 'tp-flags-long', rule: 'flags of 3 digits: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-001`]], expect: { trace: 'new' } },
  { id: 'tp-flags-non-hex', rule: 'non-hex flags: new trace', headers: [['traceparent', `00-${TRACE_ID}-${PARENT_ID}-0.`]], expect: { trace: 'new' } },
  { id: 'tp-truncated', rule: 'truncated value: new trace', headers: [['traceparent', `00-${TRACE_ID}`]], expect: { trace: 'new' } },
  { id: 'tp-ows', rule: 'spaces and tabs around the value: continue', headers: [['traceparent', ` \t${VALID} \t`]], expect: { trace: 'continue', sampled: true } },
  { id: 'tp-name-capitalized', rule: 'header name Traceparent: continue', headers: [['Traceparent', VALID]], expect: { trace: 'continue', sampled: true } },
  { id: 'tp-name-upper', rule: 'header name TRACEPARENT: continue', headers: [['TRACEPARENT', VALID]], expect: { trace: 'continue', sampled: true } },
  { id: 'tp-name-wrong', rule: 'header name trace-parent: ignored, new trace', headers: [['trace-parent', VALID]], expect: { trace: 'new' } },
  {
    id: 'tp-duplicated',
    rule: 'two traceparent headers: new trace',
    headers: [
      ['traceparent', `00-${TRACE_ID.slice(0, 31)}1-${PARENT_ID}-01`],
      ['traceparent', VALID],
    ],
    expect: { trace: 'new' },
  },
  {
    id: 'tp-duplicated-future',
    rule: 'two traceparent headers, the first a future version with extra fields: new trace',
    headers: [
      ['traceparent', `cc-${TRACE_ID}-${PARENT_ID}-01-extra`],
      ['traceparent', `cc-${TRACE_ID.slice(0, 31)}1-${PARENT_ID}-01`],
    ],
    expect: { trace: 'new' },
    core: { trace: 'continue', sampled: true },
  },
];

const tracestateCases: ConformanceCase[] = [
  {
    id: 'ts-forwarded',
    rule: 'tracestate forwarded unchanged',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1,bar=2'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1,bar=2' },
  },
  {
    id: 'ts-not-sampled',
    rule: 'tracestate forwarded when not sampled',
    headers: [
      ['traceparent', `00-${TRACE_ID}-${PARENT_ID}-00`],
      ['tracestate', 'foo=1'],
    ],
    expect: { trace: 'continue', sampled: false, tracestate: 'foo=1' },
  },
  { id: 'ts-without-traceparent', rule: 'tracestate without traceparent: ignored', headers: [['tracestate', 'foo=1']], expect: { trace: 'new' } },
  {
    id: 'ts-invalid-traceparent',
    rule: 'tracestate with an invalid traceparent: not parsed',
    headers: [
      ['traceparent', `ff-${TRACE_ID}-${PARENT_ID}-01`],
      ['tracestate', 'foo=1'],
    ],
    expect: { trace: 'new' },
  },
  {
    id: 'ts-name-upper',
    rule: 'header name TRACESTATE: read',
    headers: [
      ['traceparent', VALID],
      ['TRACESTATE', 'foo=1'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1' },
  },
  {
    id: 'ts-multiple-headers',
    rule: 'several tracestate headers: combined in order',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1,bar=2'],
      ['tracestate', 'rojo=1,congo=2'],
      ['tracestate', 'baz=3'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1,bar=2,rojo=1,congo=2,baz=3' },
  },
  {
    id: 'ts-empty',
    rule: 'empty tracestate: none sent',
    headers: [
      ['traceparent', VALID],
      ['tracestate', ''],
    ],
    expect: { trace: 'continue' },
  },
  {
    id: 'ts-empty-member',
    rule: 'empty header line beside a valid one: valid one kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1'],
      ['tracestate', ''],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1' },
  },
  {
    id: 'ts-ows',
    rule: 'spaces and tabs around members: removed',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1 \t , \t bar=2'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1,bar=2' },
  },
  {
    id: 'ts-32-members',
    rule: '32 members: all forwarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', members(32)],
    ],
    expect: { trace: 'continue', tracestate: members(32) },
  },
  {
    id: 'ts-33-members',
    rule: '33 members: tracestate discarded, trace continued',
    headers: [
      ['traceparent', VALID],
      ['tracestate', members(33)],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: members(32) },
  },
  {
    id: 'ts-duplicate-key',
    rule: 'duplicate key: the first entry kept, the later one dropped',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1,bar=2,foo=3'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1,bar=2' },
    core: { tracestate: 'foo=3,bar=2' },
  },
  {
    id: 'ts-duplicate-key-across-headers',
    rule: 'duplicate key across two headers: the first entry kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1'],
      ['tracestate', 'foo=2'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1' },
    core: { tracestate: 'foo=2' },
  },
  {
    id: 'ts-duplicate-same-value',
    rule: 'the same member twice: kept once',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=1'],
      ['tracestate', 'foo=1'],
    ],
    expect: { trace: 'continue', tracestate: 'foo=1' },
  },
  {
    id: 'ts-invalid-key',
    rule: 'upper-case key: tracestate discarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'FOO=1,bar=2'],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: 'bar=2' },
  },
  {
    id: 'ts-key-starts-with-at',
    rule: 'key starting with @: tracestate discarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', '@foo=1,bar=2'],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: 'bar=2' },
  },
  {
    id: 'ts-level2-at-keys',
    rule: 'keys foo@, foo@@bar, foo@bar@baz (Level 2 grammar): kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo@=1,foo@@bar=2,foo@bar@baz=3,bar=4'],
    ],
    expect: { trace: 'continue', tracestate: 'foo@=1,foo@@bar=2,foo@bar@baz=3,bar=4' },
    core: { tracestate: 'bar=4' },
  },
  {
    id: 'ts-level2-digit-key',
    rule: 'simple key starting with a digit (Level 2 grammar): kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', '0vendor=1,bar=2'],
    ],
    expect: { trace: 'continue', tracestate: '0vendor=1,bar=2' },
    core: { tracestate: 'bar=2' },
  },
  {
    id: 'ts-empty-value',
    rule: 'empty value: tracestate discarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=,bar=3'],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: 'bar=3' },
  },
  {
    id: 'ts-value-with-equals',
    rule: 'value containing =: tracestate discarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', 'foo=bar=baz'],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: '' },
  },
  {
    id: 'ts-key-256',
    rule: 'key of 256 characters: kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', `foo=1,${'z'.repeat(256)}=1`],
    ],
    expect: { trace: 'continue', tracestate: `foo=1,${'z'.repeat(256)}=1` },
  },
  {
    id: 'ts-key-257',
    rule: 'key of 257 characters: tracestate discarded',
    headers: [
      ['traceparent', VALID],
      ['tracestate', `foo=1,${'z'.repeat(257)}=1`],
    ],
    expect: { trace: 'continue' },
    core: { tracestate: 'foo=1' },
  },
  {
    id: 'ts-tenant-key-limits',
    rule: 'tenant id of 241 and system id of 14 characters: kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', `${'t'.repeat(241)}@${'v'.repeat(14)}=1`],
    ],
    expect: { trace: 'continue', tracestate: `${'t'.repeat(241)}@${'v'.repeat(14)}=1` },
  },
  {
    id: 'ts-level2-long-tenant',
    rule: 'tenant id of 242 or system id of 15 characters, within 256 (Level 2): kept',
    headers: [
      ['traceparent', VALID],
      ['tracestate', `foo=1,${'t'.repeat(242)}@v=1,t@${'v'.repeat(15)}=2`],
    ],
    expect: { trace: 'continue', tracestate: `foo=1,${'t'.repeat(242)}@v=1,t@${'v'.repeat(15)}=2` },
    core: { tracestate: 'foo=1' },
  },
  {
    id: 'ts-over-512',
    rule: 'over 512 characters: whole members removed from the end',
    headers: [
      ['traceparent', VALID],
      ['tracestate', [member('k1', 120), member('k2', 120), member('k3', 120), member('k4', 120), member('k5', 120)].join(',')],
    ],
    expect: { trace: 'continue', tracestate: [member('k1', 120), member('k2', 120), member('k3', 120), member('k4', 120)].join(',') },
  },
  {
    id: 'ts-over-512-large-first',
    rule: 'over 512 characters: members over 128 characters removed first',
    headers: [
      ['traceparent', VALID],
      ['tracestate', [member('big', 200), member('k1', 120), member('k2', 120), member('k3', 120)].join(',')],
    ],
    expect: { trace: 'continue', tracestate: [member('k1', 120), member('k2', 120), member('k3', 120)].join(',') },
    core: { tracestate: [member('big', 200), member('k1', 120), member('k2', 120)].join(',') },
  },
];

const bigValue = (length: number) => 'x'.repeat(length);
const sixtyFour = Array.from({ length: 64 }, (_, i) => `k${i}=v${i}`);
const oneEightyOne = Array.from({ length: 181 }, (_, i) => `k${i}=${i}`);
const entries = (list: string[]) => Object.fromEntries(list.map((m) => m.split('=')).map(([k, v]) => [k, { value: v }]));

const baggageCases: ConformanceCase[] = [
  {
    id: 'bg-basic',
    rule: 'entries read and forwarded',
    headers: [
      ['traceparent', VALID],
      ['baggage', 'session.id=sess-42,tenant.id=acme'],
    ],
    expect: { trace: 'continue', baggage: { 'session.id': { value: 'sess-42' }, 'tenant.id': { value: 'acme' } }, baggageHeader: 'session.id=sess-42,tenant.id=acme' },
  },
  {
    id: 'bg-without-traceparent',
    rule: 'baggage without traceparent: read (independent of tracing)',
    headers: [['baggage', 'session.id=sess-42']],
    expect: { trace: 'new', baggage: { 'session.id': { value: 'sess-42' } }, baggageHeader: 'session.id=sess-42' },
  },
  {
    id: 'bg-ows',
    rule: 'spaces and tabs around keys, values and members: removed',
    headers: [['baggage', ' session.id = sess-42 ,\ttenant.id=\tacme ']],
    expect: { trace: 'new', baggage: { 'session.id': { value: 'sess-42' }, 'tenant.id': { value: 'acme' } }, baggageHeader: 'session.id=sess-42,tenant.id=acme' },
  },
  {
    id: 'bg-percent-encoding',
    rule: 'percent-encoded UTF-8 values: decoded, re-encoded on send',
    headers: [['baggage', 'user=Am%C3%A9lie,node=DF%2028,pct=100%25']],
    expect: { trace: 'new', baggage: { user: { value: 'Amélie' }, node: { value: 'DF 28' }, pct: { value: '100%' } }, baggageHeader: 'user=Am%C3%A9lie,node=DF%2028,pct=100%25' },
  },
  {
    id: 'bg-invalid-utf8',
    rule: 'invalid UTF-8 after percent-decoding: replaced with U+FFFD',
    headers: [['baggage', 'k=%FF%FEok,session.id=s']],
    expect: { trace: 'new', baggage: { k: { value: '\uFFFD\uFFFDok' }, 'session.id': { value: 's' } }, baggageHeader: 'k=%EF%BF%BD%EF%BF%BDok,session.id=s' },
    core: { baggage: { 'session.id': { value: 's' } }, baggageHeader: 'session.id=s' },
  },
  {
    id: 'bg-properties',
    rule: 'properties (k=v;p=1;flag): kept and forwarded',
    headers: [['baggage', 'k=v;prop=1;flag']],
    expect: { trace: 'new', baggage: { k: { value: 'v', metadata: 'prop=1;flag' } }, baggageHeader: 'k=v;prop=1;flag' },
  },
  {
    id: 'bg-properties-ows',
    rule: 'white space around properties: removed',
    headers: [['baggage', 'k=v ; prop = 1']],
    expect: { trace: 'new', baggage: { k: { value: 'v', metadata: 'prop=1' } }, baggageHeader: 'k=v;prop=1' },
    core: { baggage: { k: { value: 'v', metadata: ' prop = 1' } }, baggageHeader: 'k=v; prop = 1' },
  },
  {
    id: 'bg-invalid-members',
    rule: 'invalid members (no =, empty or non-token key, space or quote in value): skipped',
    headers: [['baggage', '=x,novalue,k y=1,ok=1,bad=a b,q="x"']],
    expect: { trace: 'new', baggage: { ok: { value: '1' } }, baggageHeader: 'ok=1' },
    core: { baggage: { 'k y': { value: '1' }, ok: { value: '1' }, bad: { value: 'a b' }, q: { value: '"x"' } }, baggageHeader: 'k%20y=1,ok=1,bad=a%20b,q=%22x%22' },
  },
  {
    id: 'bg-empty-value',
    rule: 'empty value (k=): a valid member',
    headers: [['baggage', 'k=,ok=1']],
    expect: { trace: 'new', baggage: { k: { value: '' }, ok: { value: '1' } }, baggageHeader: 'k=,ok=1' },
    core: { baggage: { ok: { value: '1' } }, baggageHeader: 'ok=1' },
  },
  {
    id: 'bg-key-not-decoded',
    rule: 'keys are tokens, not percent-decoded',
    headers: [['baggage', 'a%20b=1']],
    expect: { trace: 'new', baggage: { 'a%20b': { value: '1' } }, baggageHeader: 'a%20b=1' },
    core: { baggage: { 'a b': { value: '1' } } },
  },
  {
    id: 'bg-value-with-equals',
    rule: 'value containing =: kept whole',
    headers: [['baggage', 'k=a=b']],
    expect: { trace: 'new', baggage: { k: { value: 'a=b' } }, baggageHeader: 'k=a=b' },
    // Percent-encoding characters that need none is allowed; not a deviation.
    core: { baggageHeader: 'k=a%3Db' },
  },
  {
    id: 'bg-multiple-headers',
    rule: 'several baggage headers: combined',
    headers: [
      ['baggage', 'session.id=s'],
      ['Baggage', 'tenant.id=t'],
    ],
    expect: { trace: 'new', baggage: { 'session.id': { value: 's' }, 'tenant.id': { value: 't' } }, baggageHeader: 'session.id=s,tenant.id=t' },
  },
  {
    id: 'bg-name-upper',
    rule: 'header name BAGGAGE: read',
    headers: [['BAGGAGE', 'session.id=s']],
    expect: { trace: 'new', baggage: { 'session.id': { value: 's' } }, baggageHeader: 'session.id=s' },
  },
  {
    id: 'bg-duplicate-key',
    rule: 'duplicate key: last wins (deduplication is allowed)',
    headers: [['baggage', 'k=1,k=2']],
    expect: { trace: 'new', baggage: { k: { value: '2' } }, baggageHeader: 'k=2' },
  },
  {
    id: 'bg-64-members',
    rule: '64 members: all read and forwarded',
    headers: [['baggage', sixtyFour.join(',')]],
    expect: { trace: 'new', baggage: entries(sixtyFour), baggageHeader: sixtyFour.join(',') },
  },
  {
    id: 'bg-181-members',
    rule: '181 members: the first 180 kept',
    headers: [['baggage', oneEightyOne.join(',')]],
    expect: { trace: 'new', baggage: entries(oneEightyOne.slice(0, 180)), baggageHeader: oneEightyOne.slice(0, 180).join(',') },
  },
  {
    id: 'bg-large-member-within-8192',
    rule: 'one 5000-byte member in a header under 8192 bytes: kept',
    headers: [['baggage', `big=${bigValue(4996)},session.id=s`]],
    expect: { trace: 'new', baggage: { big: { value: bigValue(4996) }, 'session.id': { value: 's' } }, baggageHeader: `big=${bigValue(4996)},session.id=s` },
    core: { baggage: { 'session.id': { value: 's' } }, baggageHeader: 'session.id=s' },
  },
  {
    id: 'bg-over-8192',
    rule: 'over 8192 bytes: whole members dropped until it fits',
    headers: [['baggage', `a=${bigValue(5000)},b=${bigValue(5000)},session.id=s`]],
    expect: { trace: 'new', baggage: { a: { value: bigValue(5000) }, 'session.id': { value: 's' } }, baggageHeader: `a=${bigValue(5000)},session.id=s` },
    core: { baggage: { 'session.id': { value: 's' } }, baggageHeader: 'session.id=s' },
  },
];

/** Every row, Trace Context first. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [...traceparentCases, ...tracestateCases, ...baggageCases];

const TC = 'Trace Context Level 2';
const BG = 'Baggage';
const same = (section: SpecSection, ids: string[]) => Object.fromEntries(ids.map((id) => [id, section]));

/**
 * The section of the specification each row checks (section titles of W3C Trace Context Level 2
 * and W3C Baggage, since their numbering moves between drafts). Every row has one; the README's
 * table cites the same.
 */
export const SECTIONS: Readonly<Record<string, SpecSection>> = {
  ...same(`${TC} › trace-flags › Sampled flag`, ['tp-valid', 'tp-not-sampled']),
  ...same(`${TC} › trace-flags › Other Flags; Random Trace ID Flag`, ['tp-unknown-flags']),
  ...same(`${TC} › trace-flags › Random Trace ID Flag`, ['tp-random-flag', 'tp-flag-02-only', 'tp-random-unset']),
  ...same(`${TC} › Versioning of traceparent; Random Trace ID Flag`, ['tp-future-random-flag']),
  ...same(`${TC} › Versioning of traceparent`, [
    'tp-future-version',
    'tp-future-extra-fields',
    'tp-future-bad-separator',
    'tp-version-illegal',
    'tp-version-short',
    'tp-version-long',
    'tp-version-upper',
  ]),
  ...same(`${TC} › traceparent › version`, ['tp-version-ff']),
  ...same(`${TC} › traceparent › version-format`, ['tp-version-00-extra', 'tp-version-00-trailing', 'tp-truncated']),
  ...same(`${TC} › traceparent › trace-id`, ['tp-trace-id-zero', 'tp-trace-id-upper', 'tp-trace-id-short', 'tp-trace-id-long', 'tp-trace-id-non-hex']),
  ...same(`${TC} › traceparent › parent-id`, ['tp-parent-id-zero', 'tp-parent-id-upper', 'tp-parent-id-short', 'tp-parent-id-long', 'tp-parent-id-non-hex']),
  ...same(`${TC} › traceparent › trace-flags`, ['tp-flags-upper', 'tp-flags-short', 'tp-flags-long', 'tp-flags-non-hex']),
  ...same(`${TC} › traceparent Header Field Values (OWS)`, ['tp-ows']),
  ...same(`${TC} › traceparent › Header Name`, ['tp-name-capitalized', 'tp-name-upper', 'tp-name-wrong']),
  ...same(`${TC} › traceparent Header Field Values (one value; RFC 9110 §5.3)`, ['tp-duplicated', 'tp-duplicated-future']),
  ...same(`${TC} › Mutating the tracestate Field`, ['ts-forwarded', 'ts-not-sampled']),
  ...same(`${TC} › Processing Model › No traceparent Received, step 3`, ['ts-without-traceparent']),
  ...same(`${TC} › Tracestate Header (not parsed when traceparent fails)`, ['ts-invalid-traceparent']),
  ...same(`${TC} › tracestate › Header Name`, ['ts-name-upper']),
  ...same(`${TC} › tracestate Header Field Values (several fields; RFC 9110 §5.3)`, ['ts-multiple-headers']),
  ...same(`${TC} › tracestate Header Field Values (empty members, OWS)`, ['ts-empty', 'ts-empty-member', 'ts-ows']),
  ...same(`${TC} › tracestate › list (at most 32); Processing Model › A traceparent is Received, step 3`, ['ts-32-members', 'ts-33-members']),
  ...same(`${TC} › Combined Header Value; Mutating the tracestate Field (duplicates MAY be discarded)`, [
    'ts-duplicate-key',
    'ts-duplicate-key-across-headers',
    'ts-duplicate-same-value',
  ]),
  ...same(`${TC} › tracestate › list-members › Key`, [
    'ts-invalid-key',
    'ts-key-starts-with-at',
    'ts-level2-at-keys',
    'ts-level2-digit-key',
    'ts-key-256',
    'ts-key-257',
    'ts-tenant-key-limits',
    'ts-level2-long-tenant',
  ]),
  ...same(`${TC} › tracestate › list-members › Value`, ['ts-empty-value', 'ts-value-with-equals']),
  ...same(`${TC} › tracestate Limits`, ['ts-over-512', 'ts-over-512-large-first']),
  ...same(`${BG} › Header Content`, ['bg-basic', 'bg-without-traceparent', 'bg-multiple-headers']),
  ...same(`${BG} › Definition (OWS)`, ['bg-ows']),
  ...same(`${BG} › value`, ['bg-percent-encoding', 'bg-invalid-utf8', 'bg-empty-value', 'bg-value-with-equals']),
  ...same(`${BG} › property`, ['bg-properties', 'bg-properties-ows']),
  ...same(`${BG} › Definition; key; value`, ['bg-invalid-members']),
  ...same(`${BG} › key`, ['bg-key-not-decoded']),
  ...same(`${BG} › Header Name`, ['bg-name-upper']),
  ...same(`${BG} › Mutating baggage`, ['bg-duplicate-key']),
  ...same(`${BG} › Limits`, ['bg-64-members', 'bg-181-members', 'bg-large-member-within-8192', 'bg-over-8192']),
};

/** The outcome `@opentelemetry/core`'s propagators give for a row. */
export function coreOutcome(row: ConformanceCase): Outcome {
  return { ...row.expect, ...row.core };
}

/**
 * The carrier an HTTP server sees for the header lines: names lower-cased and repeated lines joined
 * with `, ` (what Node's `IncomingMessage.headers` does), values with surrounding white space removed.
 */
export function nodeIncomingHeaders(lines: [string, string][]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of lines) {
    const key = name.toLowerCase();
    const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
    headers[key] = key in headers ? `${headers[key]}, ${trimmed}` : trimmed;
  }
  return headers;
}
