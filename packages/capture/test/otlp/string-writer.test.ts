import { ProtobufOutput, putVarint32 } from '../../src/otlp/protobuf-writer';
import { putUtf8, SHORT_STRING_LENGTH, writeString } from '../../src/otlp/string-writer';
import { randomString, Rng } from '../helpers/otlp-random';

const encoder = new TextEncoder();

function expectedField(s: string): Buffer {
  const utf8 = encoder.encode(s);
  const prefix = Buffer.alloc(5);
  return Buffer.concat([prefix.subarray(0, putVarint32(prefix, 0, utf8.length)), utf8]);
}

describe('string-writer', () => {
  it('writeString writes the length-prefixed UTF-8 that TextEncoder gives, lone surrogates as U+FFFD', () => {
    const rng = new Rng(3);
    const strings = ['', 'a', '\uD800', '\uDC00', 'a\uD83D', '\uDE00b', '😀', '€'.repeat(43), 'x'.repeat(127), 'é'.repeat(64)];
    for (let i = 0; i < 1500; i++) strings.push(randomString(rng, 300));
    const out = new ProtobufOutput(1);
    for (const s of strings) {
      const end = writeString(out, 3, s);
      expect(out.buf.subarray(3, end).equals(expectedField(s))).toBe(true);
    }
  });

  it('putUtf8 returns the byte count, for short (inline loop) and long (native) strings', () => {
    const buf = Buffer.alloc(3 * 200);
    for (const s of ['ascii', 'ä'.repeat(SHORT_STRING_LENGTH - 1), 'b'.repeat(SHORT_STRING_LENGTH), 'ä'.repeat(150)]) {
      expect(putUtf8(buf, 0, s)).toBe(Buffer.byteLength(s));
      expect(buf.subarray(0, Buffer.byteLength(s)).toString()).toBe(s);
    }
  });

  it('falls back to Buffer#write where Node has no Buffer#utf8Write', () => {
    const proto = Buffer.prototype as unknown as { utf8Write?: unknown };
    const native = proto.utf8Write;
    let isolated: typeof import('../../src/otlp/string-writer') | undefined;
    proto.utf8Write = undefined;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy of the module, loaded inside isolateModules
        isolated = require('../../src/otlp/string-writer');
      });
    } finally {
      proto.utf8Write = native;
    }
    const out = new ProtobufOutput(1);
    for (const s of ['é'.repeat(10), 'x\uD800'.repeat(50), 'a'.repeat(100)]) {
      const end = isolated!.writeString(out, 0, s);
      expect(out.buf.subarray(0, end).equals(expectedField(s))).toBe(true);
    }
  });
});
