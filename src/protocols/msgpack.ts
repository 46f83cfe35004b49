// MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md), every format family: nil, bool,
// int/uint 8..64 (exact, bigint), float32/64, str, bin, array, map (keys of any type), ext with the timestamp
// extension (-1). Our own reader rather than a package: src/protocols imports none, and a debugger needs what
// libraries give up (64-bit integers exact, non-string map keys kept, invalid UTF-8 shown, never a throw).
import { ByteReader, decodeUtf8, PackedSyntaxError } from './byte-reader.ts';
import { DEFAULT_LIMITS, type PackedLimits, type PackedResult, type PackedValue } from './packed-value.ts';

/** Reads one MessagePack value at `offset`. Never throws: malformed input gives `ok: false` with where and why. */
export function readMsgpack(bytes: Uint8Array, offset = 0, limits: PackedLimits = DEFAULT_LIMITS): PackedResult {
  const reader = new MsgpackReader(bytes, offset, limits);
  try {
    const value = reader.value(0);
    return { ok: true, value, end: reader.at };
  } catch (error) {
    if (error instanceof PackedSyntaxError) return { ok: false, error: error.message, offset: error.offset };
    return { ok: false, error: `MessagePack value too deep or too large to read at offset ${reader.at}`, offset: reader.at };
  }
}

const NIL: PackedValue = { kind: 'null' };
const FALSE: PackedValue = { kind: 'boolean', value: false };
const TRUE: PackedValue = { kind: 'boolean', value: true };
const TIMESTAMP_EXT = -1;

class MsgpackReader extends ByteReader {
  private values = 0;

  constructor(
    bytes: Uint8Array,
    offset: number,
    private readonly limits: PackedLimits,
  ) {
    super(bytes, offset);
  }

  value(depth: number): PackedValue {
    if (++this.values > this.limits.maxValues) this.fail(`more than ${this.limits.maxValues} values`);
    const start = this.at;
    const byte = this.u8('a value');
    if (byte <= 0x7f) return integer(byte);
    if (byte >= 0xe0) return integer(byte - 0x100);
    if (byte <= 0x8f) return this.map(byte & 0x0f, depth, start);
    if (byte <= 0x9f) return this.array(byte & 0x0f, depth, start);
    if (byte <= 0xbf) return this.string(byte & 0x1f);
    switch (byte) {
      case 0xc0:
        return NIL;
      case 0xc2:
        return FALSE;
      case 0xc3:
        return TRUE;
      case 0xc4:
        return { kind: 'bytes', value: this.take(this.u8('bin 8 length'), 'bin 8 data') };
      case 0xc5:
        return { kind: 'bytes', value: this.take(this.u16('bin 16 length'), 'bin 16 data') };
      case 0xc6:
        return { kind: 'bytes', value: this.take(this.u32('bin 32 length'), 'bin 32 data') };
      case 0xc7:
        return this.ext(this.u8('ext 8 length'));
      case 0xc8:
        return this.ext(this.u16('ext 16 length'));
      case 0xc9:
        return this.ext(this.u32('ext 32 length'));
      case 0xca:
        return { kind: 'float', value: this.f32('float 32'), precision: 'single' };
      case 0xcb:
        return { kind: 'float', value: this.f64('float 64'), precision: 'double' };
      case 0xcc:
        return integer(this.u8('uint 8'));
      case 0xcd:
        return integer(this.u16('uint 16'));
      case 0xce:
        return integer(this.u32('uint 32'));
      case 0xcf:
        return { kind: 'integer', value: this.u64('uint 64') };
      case 0xd0:
        return integer(this.i8('int 8'));
      case 0xd1:
        return integer(this.i16('int 16'));
      case 0xd2:
        return integer(this.i32('int 32'));
      case 0xd3:
        return { kind: 'integer', value: this.i64('int 64') };
      case 0xd4:
        return this.ext(1);
      case 0xd5:
        return this.ext(2);
      case 0xd6:
        return this.ext(4);
      case 0xd7:
        return this.ext(8);
      case 0xd8:
        return this.ext(16);
      case 0xd9:
        return this.string(this.u8('str 8 length'));
      case 0xda:
        return this.string(this.u16('str 16 length'));
      case 0xdb:
        return this.string(this.u32('str 32 length'));
      case 0xdc:
        return this.array(this.u16('array 16 length'), depth, start);
      case 0xdd:
        return this.array(this.u32('array 32 length'), depth, start);
      case 0xde:
        return this.map(this.u16('map 16 length'), depth, start);
      case 0xdf:
        return this.map(this.u32('map 32 length'), depth, start);
      default:
        // 0xc1 is the one byte the format never uses.
        return this.fail('reserved byte 0xc1', start);
    }
  }

  private string(length: number): PackedValue {
    const { text, valid } = decodeUtf8(this.take(length, `str of ${length} bytes`));
    return { kind: 'string', value: text, valid };
  }

  private array(count: number, depth: number, start: number): PackedValue {
    this.container(count, count, depth, start, 'array');
    const items = new Array<PackedValue>(count);
    for (let index = 0; index < count; index++) items[index] = this.value(depth + 1);
    return { kind: 'array', items };
  }

  private map(count: number, depth: number, start: number): PackedValue {
    this.container(count, count * 2, depth, start, 'map');
    const entries = new Array<[PackedValue, PackedValue]>(count);
    for (let index = 0; index < count; index++) entries[index] = [this.value(depth + 1), this.value(depth + 1)];
    return { kind: 'map', entries };
  }

  /** Refuses a container claiming more items than bytes left (each takes one at least) before allocating for it. */
  private container(count: number, minimumBytes: number, depth: number, start: number, what: string): void {
    if (depth >= this.limits.maxDepth) this.fail(`nesting deeper than ${this.limits.maxDepth}`, start);
    if (minimumBytes > this.remaining) {
      this.fail(`${what} of ${count} ${what === 'map' ? 'entries' : 'items'} cannot fit in the ${this.remaining} bytes left`, start);
    }
  }

  private ext(length: number): PackedValue {
    const type = this.i8('ext type');
    const data = this.take(length, `ext of ${length} bytes`);
    if (type === TIMESTAMP_EXT) {
      const timestamp = readTimestamp(data);
      if (timestamp) return timestamp;
    }
    return { kind: 'ext', type, data };
  }
}

function integer(value: number): PackedValue {
  return { kind: 'integer', value: BigInt(value) };
}

/** The timestamp extension's three layouts (32, 64, 96 bits); undefined for any other length or nanoseconds ≥ 10⁹. */
function readTimestamp(data: Uint8Array): PackedValue | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let seconds: bigint;
  let nanoseconds: number;
  if (data.length === 4) {
    seconds = BigInt(view.getUint32(0));
    nanoseconds = 0;
  } else if (data.length === 8) {
    const packed = view.getBigUint64(0);
    nanoseconds = Number(packed >> 34n);
    seconds = packed & 0x3_ffff_ffffn;
  } else if (data.length === 12) {
    nanoseconds = view.getUint32(0);
    seconds = view.getBigInt64(4);
  } else return undefined;
  return nanoseconds <= 999_999_999 ? { kind: 'timestamp', seconds, nanoseconds } : undefined;
}
