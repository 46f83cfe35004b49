// CBOR (RFC 8949): major types 0..7, indefinite lengths, tags (0/1 date-times, 2/3 bignums read as exact
// integers, 24 embedded CBOR decoded, 55799 self-describe dropped, others kept with their number), half,
// single and double floats, simple values. Our own reader for the reasons msgpack.ts gives.
import { ByteReader, decodeUtf8, PackedSyntaxError } from './byte-reader.ts';
import { DEFAULT_LIMITS, withArticle, type PackedLimits, type PackedResult, type PackedValue } from './packed-value.ts';

/** Reads one CBOR data item at `offset`. Never throws: malformed input gives `ok: false` with where and why. */
export function readCbor(bytes: Uint8Array, offset = 0, limits: PackedLimits = DEFAULT_LIMITS): PackedResult {
  return new CborReader(bytes, offset, limits, 0).read();
}

/** Whether the bytes start with the self-describe tag 55799 (0xd9d9f7), CBOR's own magic number. */
export function startsWithSelfDescribe(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd9 && bytes[1] === 0xd9 && bytes[2] === 0xf7;
}

const MAJOR_NAMES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'simple value'];
const INDEFINITE = -1;
const BREAK = 0xff;
/** Bignums longer than this stay bytes: their decimal text costs time quadratic in their length. */
const MAX_BIGNUM_BYTES = 1024;
const SELF_DESCRIBE = 55799n;
const EMBEDDED_CBOR = 24n;

class CborReader extends ByteReader {
  private values = 0;

  constructor(
    bytes: Uint8Array,
    offset: number,
    private readonly limits: PackedLimits,
    private readonly baseDepth: number,
  ) {
    super(bytes, offset);
  }

  read(): PackedResult {
    try {
      const value = this.value(this.baseDepth);
      return { ok: true, value, end: this.at };
    } catch (error) {
      if (error instanceof PackedSyntaxError) return { ok: false, error: error.message, offset: error.offset };
      return { ok: false, error: `CBOR item too deep or too large to read at offset ${this.at}`, offset: this.at };
    }
  }

  private value(depth: number): PackedValue {
    if (++this.values > this.limits.maxValues) this.fail(`more than ${this.limits.maxValues} values`);
    if (depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth}`);
    const start = this.at;
    const initial = this.u8('a data item');
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case 0:
        return { kind: 'integer', value: this.argument(info, major, start) };
      case 1:
        return { kind: 'integer', value: -1n - this.argument(info, major, start) };
      case 2:
        return { kind: 'bytes', value: this.stringBytes(info, major, start) };
      case 3: {
        const { text, valid } = decodeUtf8(this.stringBytes(info, major, start));
        return { kind: 'string', value: text, valid };
      }
      case 4:
        return this.array(info, depth, start);
      case 5:
        return this.map(info, depth, start);
      case 6:
        return this.tag(this.argument(info, major, start), depth);
      default:
        return this.simple(info, start);
    }
  }

  /** The head's argument as an exact integer; indefinite length is refused where `major` does not allow it. */
  private argument(info: number, major: number, start: number): bigint {
    if (info < 24) return BigInt(info);
    switch (info) {
      case 24:
        return BigInt(this.u8('1-byte argument'));
      case 25:
        return BigInt(this.u16('2-byte argument'));
      case 26:
        return BigInt(this.u32('4-byte argument'));
      case 27:
        return this.u64('8-byte argument');
      case 31:
        return this.fail(`indefinite length is not allowed for ${withArticle(MAJOR_NAMES[major]!)}`, start);
      default:
        return this.fail(`reserved additional information ${info} in ${withArticle(MAJOR_NAMES[major]!)} head`, start);
    }
  }

  /** A length, or INDEFINITE; refused when more than the bytes left could hold (each unit takes one byte at least). */
  private length(info: number, major: number, start: number, unitsPerEntry = 1): number {
    if (info === 31) return INDEFINITE;
    const length = this.argument(info, major, start);
    if (length * BigInt(unitsPerEntry) > BigInt(this.remaining)) {
      this.fail(`${MAJOR_NAMES[major]} of length ${length} cannot fit in the ${this.remaining} bytes left`, start);
    }
    return Number(length);
  }

  private stringBytes(info: number, major: number, start: number): Uint8Array {
    const length = this.length(info, major, start);
    if (length !== INDEFINITE) return this.take(length, MAJOR_NAMES[major]!);
    // Indefinite: definite-length chunks of the same major type until a break.
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (this.peekBreak(major, start) === false) {
      const chunkStart = this.at;
      const head = this.u8('a chunk');
      if (head >> 5 !== major || (head & 0x1f) === 31) {
        this.fail(`chunk of an indefinite-length ${MAJOR_NAMES[major]} is not a definite-length ${MAJOR_NAMES[major]}`, chunkStart);
      }
      const chunk = this.take(this.length(head & 0x1f, major, chunkStart), 'chunk');
      chunks.push(chunk);
      total += chunk.length;
    }
    const joined = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    return joined;
  }

  /** True (and past it) at a break; false before another item; fails at the end of the input. */
  private peekBreak(major: number, start: number): boolean {
    if (this.at >= this.bytes.length) this.fail(`indefinite-length ${MAJOR_NAMES[major]} has no break (0xff)`, start);
    if (this.bytes[this.at] !== BREAK) return false;
    this.at++;
    return true;
  }

  private array(info: number, depth: number, start: number): PackedValue {
    const length = this.length(info, 4, start);
    const items: PackedValue[] = [];
    if (length === INDEFINITE) while (!this.peekBreak(4, start)) items.push(this.value(depth + 1));
    else for (let index = 0; index < length; index++) items.push(this.value(depth + 1));
    return { kind: 'array', items };
  }

  private map(info: number, depth: number, start: number): PackedValue {
    const length = this.length(info, 5, start, 2);
    const entries: [PackedValue, PackedValue][] = [];
    if (length === INDEFINITE) {
      while (!this.peekBreak(5, start)) {
        const key = this.value(depth + 1);
        if (this.bytes[this.at] === BREAK) this.fail('indefinite-length map ends after a key without its value');
        entries.push([key, this.value(depth + 1)]);
      }
    } else for (let index = 0; index < length; index++) entries.push([this.value(depth + 1), this.value(depth + 1)]);
    return { kind: 'map', entries };
  }

  private tag(tag: bigint, depth: number): PackedValue {
    const content = this.value(depth + 1);
    if (tag === SELF_DESCRIBE) return content;
    if ((tag === 2n || tag === 3n) && content.kind === 'bytes' && content.value.length <= MAX_BIGNUM_BYTES) {
      const magnitude = bytesToBigInt(content.value);
      return { kind: 'integer', value: tag === 2n ? magnitude : -1n - magnitude };
    }
    if (tag === EMBEDDED_CBOR && content.kind === 'bytes') {
      const embedded = new CborReader(content.value, 0, this.limits, depth + 1).read();
      if (embedded.ok && embedded.end === content.value.length) return { kind: 'tag', tag, content, embedded: embedded.value };
    }
    return { kind: 'tag', tag, content };
  }

  private simple(info: number, start: number): PackedValue {
    if (info < 20) return { kind: 'simple', value: info };
    switch (info) {
      case 20:
        return { kind: 'boolean', value: false };
      case 21:
        return { kind: 'boolean', value: true };
      case 22:
        return { kind: 'null' };
      case 23:
        return { kind: 'undefined' };
      case 24: {
        const value = this.u8('simple value');
        if (value < 32) this.fail(`simple value ${value} in two bytes (only 32..255 may be)`, start);
        return { kind: 'simple', value };
      }
      case 25:
        return { kind: 'float', value: this.f16('half float'), precision: 'half' };
      case 26:
        return { kind: 'float', value: this.f32('single float'), precision: 'single' };
      case 27:
        return { kind: 'float', value: this.f64('double float'), precision: 'double' };
      case 31:
        return this.fail('break (0xff) outside an indefinite-length item', start);
      default:
        return this.fail(`reserved additional information ${info} in a simple value head`, start);
    }
  }
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '0x0';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return BigInt(hex);
}
