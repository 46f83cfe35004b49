// Bounds-checked big-endian reads over a byte array, shared by the MessagePack and CBOR readers. A read past
// the end or a malformed item throws PackedSyntaxError, which the readers' entry points turn into a result:
// nothing outside this folder ever sees it thrown.

export class PackedSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8Decoder = new TextDecoder('utf-8');

export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  fail(message: string, offset = this.at): never {
    throw new PackedSyntaxError(`${message} at offset ${offset}`, offset);
  }

  /** Fails unless `count` more bytes are there; `what` names the item for the message. */
  need(count: number, what: string): void {
    if (count > this.remaining) this.fail(`${what} needs ${count} bytes, ${this.remaining} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.at++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.at);
    this.at += 2;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.at);
    this.at += 4;
    return value;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const value = this.view.getBigUint64(this.at);
    this.at += 8;
    return value;
  }

  i8(what: string): number {
    this.need(1, what);
    return this.view.getInt8(this.at++);
  }

  i16(what: string): number {
    this.need(2, what);
    const value = this.view.getInt16(this.at);
    this.at += 2;
    return value;
  }

  i32(what: string): number {
    this.need(4, what);
    const value = this.view.getInt32(this.at);
    this.at += 4;
    return value;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const value = this.view.getBigInt64(this.at);
    this.at += 8;
    return value;
  }

  f16(what: string): number {
    return halfToNumber(this.u16(what));
  }

  f32(what: string): number {
    this.need(4, what);
    const value = this.view.getFloat32(this.at);
    this.at += 4;
    return value;
  }

  f64(what: string): number {
    this.need(8, what);
    const value = this.view.getFloat64(this.at);
    this.at += 8;
    return value;
  }

  /** The next `length` bytes as a view (no copy: values hold onto the message, which the panel keeps anyway). */
  take(length: number, what: string): Uint8Array {
    this.need(length, what);
    const slice = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }
}

/** UTF-8 text; `valid` false when the bytes are not UTF-8 (the text then has U+FFFD in their place). */
export function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  if (bytes.length <= 32) {
    // Short ASCII (keys, names) is most of what these formats carry; skip the decoder's call cost for it.
    let text = '';
    let index = 0;
    for (; index < bytes.length; index++) {
      const code = bytes[index]!;
      if (code >= 0x80) break;
      text += String.fromCharCode(code);
    }
    if (index === bytes.length) return { text, valid: true };
  }
  try {
    return { text: utf8Decoder.decode(bytes), valid: true };
  } catch {
    return { text: lossyUtf8Decoder.decode(bytes), valid: false };
  }
}

/** IEEE 754 binary16 to a number (exact: every half fits a double). */
export function halfToNumber(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}
