import { TraceFlags } from '@opentelemetry/api';
import { formatTraceparent, parseTraceparent } from '../../src/propagation/traceparent';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const P = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it.each([
    ['version 00', `00-${T}-${P}-01`, TraceFlags.SAMPLED],
    ['not sampled', `00-${T}-${P}-00`, TraceFlags.NONE],
    ['reserved flag bits dropped, random kept', `00-${T}-${P}-fe`, 0x02],
    ['sampled and random with reserved bits', `00-${T}-${P}-ff`, 0x03],
    ['random only', `00-${T}-${P}-02`, 0x02],
    ['sampled and random', `00-${T}-${P}-03`, 0x03],
    ['reserved bits only', `00-${T}-${P}-fc`, TraceFlags.NONE],
    ['future version', `cc-${T}-${P}-01`, TraceFlags.SAMPLED],
    ['future version with fields', `cc-${T}-${P}-09-anything-goes`, TraceFlags.SAMPLED],
    ['future version, random flag', `cc-${T}-${P}-0b-anything-goes`, 0x03],
    ['optional white space', `\t 00-${T}-${P}-01 \t`, TraceFlags.SAMPLED],
  ])('accepts %s', (_name, value, flags) => {
    expect(parseTraceparent(value)).toEqual({ traceId: T, spanId: P, traceFlags: flags });
  });

  it.each([
    ['empty', ''],
    ['version ff', `ff-${T}-${P}-01`],
    ['version 00 with a field more', `00-${T}-${P}-01-x`],
    ['version 00 with a trailing dash', `00-${T}-${P}-01-`],
    ['future version without a dash after the flags', `cc-${T}-${P}-01x`],
    ['future version shorter than 55', `cc-${T}-${P}-1`],
    ['upper-case version', `0A-${T}-${P}-01`],
    ['upper-case trace id', `00-${T.toUpperCase()}-${P}-01`],
    ['upper-case parent id', `00-${T}-${P.toUpperCase()}-01`],
    ['upper-case flags', `00-${T}-${P}-0F`],
    ['zero trace id', `00-${'0'.repeat(32)}-${P}-01`],
    ['zero parent id', `00-${T}-${'0'.repeat(16)}-01`],
    ['missing dash', `00-${T}${P}-01--`],
    ['dash misplaced', `00-${T.slice(1)}-0${P}-01`],
    ['two headers combined', `00-${T}-${P}-01, 00-${T}-${P}-01`],
    ['two future headers combined', `cc-${T}-${P}-01-x, cc-${T}-${P}-01`],
    ['non-hex flags', `00-${T}-${P}-0g`],
    ['white space inside', `00-${T}-${P} -01`],
    ['unicode', `00-${T}-${P}-0\u0661`],
  ])('rejects %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00, the sampled flag and the random flag as asked, reserved bits zero, always two digits', () => {
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: 0xff }, false)).toBe(`00-${T}-${P}-01`);
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: 0xff }, true)).toBe(`00-${T}-${P}-03`);
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: 0x10 }, false)).toBe(`00-${T}-${P}-00`);
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: 0x10 }, true)).toBe(`00-${T}-${P}-02`);
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: TraceFlags.SAMPLED }, false)).toBe(`00-${T}-${P}-01`);
  });

  it('treats a flags value that is not a number as not sampled', () => {
    expect(formatTraceparent({ traceId: T, spanId: P, traceFlags: 'x' as unknown as number }, false)).toBe(`00-${T}-${P}-00`);
  });
});
