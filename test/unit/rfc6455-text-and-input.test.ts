import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  encodeBase64,
  isValidUtf8,
  parseExtensionsHeader,
  parseHexText,
  readCapturedBytes,
  Utf8Validator,
  DEFAULT_DEFLATE_PARAMS,
} from '../../src/rfc6455/index.ts';
import { hex } from '../fixtures/rfc6455/split.ts';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const isValidPerTextDecoder = (bytes: Uint8Array) => {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('Utf8Validator', () => {
  it('agrees with a strict TextDecoder on arbitrary bytes, however they are split', () => {
    const nearlyUtf8 = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => new TextEncoder().encode(s)),
    );
    fc.assert(
      fc.property(fc.array(nearlyUtf8, { maxLength: 4 }), fc.nat(), (parts, cutSeed) => {
        const bytes = Uint8Array.from(parts.flatMap((part) => [...part]));
        const expected = isValidPerTextDecoder(bytes);
        expect(isValidUtf8(bytes)).toBe(expected);
        const cut = bytes.length === 0 ? 0 : cutSeed % bytes.length;
        const validator = new Utf8Validator();
        const ok = validator.push(bytes, 0, cut) === -1 && validator.push(bytes, cut) === -1 && validator.complete;
        expect(ok).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['overlong 2-byte', 'c0af'],
    ['overlong 3-byte', 'e080af'],
    ['overlong 4-byte', 'f08080af'],
    ['surrogate', 'eda080'],
    ['beyond U+10FFFF', 'f4908080'],
    ['lone continuation', '80'],
    ['0xff', 'ff'],
  ])('rejects %s', (_name, bytes) => {
    expect(isValidUtf8(hex(bytes))).toBe(false);
  });

  it('accepts the edges of each range', () => {
    expect(isValidUtf8(hex('7f c280 dfbf e0a080 ed9fbf ee8080 efbfbf f0908080 f48fbfbf'))).toBe(true);
  });
});

describe('parseExtensionsHeader', () => {
  it('reads each permessage-deflate parameter', () => {
    expect(
      parseExtensionsHeader(
        'permessage-deflate; client_no_context_takeover; server_no_context_takeover; client_max_window_bits=10; server_max_window_bits="12"',
      ),
    ).toEqual({
      ok: true,
      deflate: { clientNoContextTakeover: true, serverNoContextTakeover: true, clientMaxWindowBits: 10, serverMaxWindowBits: 12 },
    });
  });

  it('uses defaults, accepts a value-less client_max_window_bits offer, skips other extensions', () => {
    expect(parseExtensionsHeader('permessage-deflate')).toEqual({ ok: true, deflate: DEFAULT_DEFLATE_PARAMS });
    expect(parseExtensionsHeader('x-webkit-deflate-frame, PerMessage-Deflate ; client_max_window_bits')).toEqual({ ok: true, deflate: DEFAULT_DEFLATE_PARAMS });
    expect(parseExtensionsHeader('x-custom; a=1')).toEqual({ ok: true, deflate: null });
  });

  it('takes the first of several offers', () => {
    const result = parseExtensionsHeader('permessage-deflate; server_max_window_bits=9, permessage-deflate');
    expect(result).toMatchObject({ ok: true, deflate: { serverMaxWindowBits: 9 } });
  });

  it.each([
    ['permessage-deflate; server_max_window_bits=7', /8\.\.15/],
    ['permessage-deflate; client_max_window_bits=16', /8\.\.15/],
    ['permessage-deflate; server_max_window_bits', /8\.\.15/],
    ['permessage-deflate; server_max_window_bits=1x', /8\.\.15/],
    ['permessage-deflate; server_no_context_takeover=1', /takes no value/],
    ['permessage-deflate; server_no_context_takeover; server_no_context_takeover', /twice/],
    ['permessage-deflate; mystery', /unknown/],
    ['permessage-deflate; server_max_window_bits="10', /quoted/],
    ['bad name!', /invalid extension name/],
  ])('rejects %s', (value, error) => {
    const result = parseExtensionsHeader(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('parseHexText', () => {
  const hello = Array.from(hex('810548656c6c6f'));

  it.each([
    ['spaces', '81 05 48 65 6c 6c 6f'],
    ['no separators', '810548656C6C6F'],
    ['colons', '81:05:48:65:6c:6c:6f'],
    ['lines and tabs', '8105\n\t4865\r\n6c6c6f\n'],
    ['xxd', '00000000: 8105 4865 6c6c 6f                        ..Hello\n'],
    ['Wireshark', '0000   81 05 48 65 6c 6c 6f                              ..Hello\n'],
    ['tcpdump -X', '\t0x0000:  8105 4865 6c6c 6f                        ..Hello\n'],
    ['hexdump -C', '00000000  81 05 48 65 6c 6c 6f                              |..Hello|\n00000007\n'],
  ])('reads %s', (_name, text) => {
    const result = parseHexText(text);
    expect(result.ok && Array.from(result.bytes)).toEqual(hello);
  });

  it('drops an ASCII column that itself looks like hex', () => {
    // 16 bytes "abcdabcdabcdabcd" print as an ASCII column made of hex digits.
    const row = '61626364'.repeat(4);
    const text = `00000000: ${row.match(/..../g)!.join(' ')}  abcdabcdabcdabcd\n00000010: 6162                                     ab\n`;
    const result = parseHexText(text);
    expect(result.ok && Array.from(result.bytes)).toEqual([...Array.from(hex(row)), 0x61, 0x62]);
  });

  it.each([
    ['8105 zz', 1, 6, /unexpected character "z"/],
    ['81 05\n48 6', 2, 4, /odd number/],
    ['810\n', 1, 1, /odd number/],
    ['0000  81 05\nnot an offset\n', 2, 1, /expected an offset/],
    ['0000  81 05\n0002  zz 00\n', 2, 7, /expected hex bytes/],
  ])('names line and column of bad hex in %j', (text, line, column, error) => {
    const result = parseHexText(text);
    expect(result).toMatchObject({ ok: false, line, column });
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('base64 and input guessing', () => {
  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual({ ok: true, bytes });
      }),
    );
  });

  it('rejects bad characters and bad padding', () => {
    expect(decodeBase64('gQVI*ZWxsbw==')).toMatchObject({ ok: false, error: expect.stringMatching(/"\*"/) });
    expect(decodeBase64('gQVIZ')).toMatchObject({ ok: false });
    expect(decodeBase64('gQ==VI')).toMatchObject({ ok: false });
  });

  it('guesses hex for hex text and raw for binary', () => {
    expect(readCapturedBytes(new TextEncoder().encode('81 05 48 65 6c 6c 6f\n'), 'guess')).toMatchObject({
      ok: true,
      format: 'hex',
      bytes: hex('810548656c6c6f'),
    });
    expect(readCapturedBytes(hex('810548656c6c6f'), 'guess')).toMatchObject({ ok: true, format: 'raw', bytes: hex('810548656c6c6f') });
    expect(readCapturedBytes(new TextEncoder().encode('hello there'), 'guess')).toMatchObject({ ok: true, format: 'raw' });
    expect(readCapturedBytes(new TextEncoder().encode('hello there'), 'hex')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/line 1, column 1: unexpected character "h"/),
    });
  });
});
