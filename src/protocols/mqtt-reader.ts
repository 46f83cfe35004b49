// Bounds-checked reads of MQTT's data representations (MQTT 5.0 §1.5): every read names what it was
// reading, so a malformed packet says which field broke and how.
import { strictUtf8 } from './binary-display.ts';

/** Thrown by a read that cannot be completed; the packet decoder turns it into the item's error. */
export class MalformedPacket extends Error {}

export class MqttReader {
  /** What the reads are confined to, for messages: the packet, or a property block within it. */
  private scope = 'the packet';

  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
    private end: number = bytes.length,
  ) {}

  get remaining(): number {
    return this.end - this.at;
  }

  /** Confines reads to the next `length` bytes (a property block) until `restore` with what this returns. */
  limit(length: number, what: string): { end: number; scope: string } {
    this.need(length, what);
    const outer = { end: this.end, scope: this.scope };
    this.end = this.at + length;
    this.scope = 'the property block';
    return outer;
  }

  restore(outer: { end: number; scope: string }): void {
    this.end = outer.end;
    this.scope = outer.scope;
  }

  private need(count: number, what: string): void {
    if (this.remaining < count) {
      const left = this.remaining;
      throw new MalformedPacket(`${what}: needs ${count} byte${count === 1 ? '' : 's'}, only ${left} left in ${this.scope}`);
    }
  }

  byte(what: string): number {
    this.need(1, what);
    return this.bytes[this.at++]!;
  }

  twoByte(what: string): number {
    this.need(2, what);
    const value = (this.bytes[this.at]! << 8) | this.bytes[this.at + 1]!;
    this.at += 2;
    return value;
  }

  fourByte(what: string): number {
    this.need(4, what);
    const b = this.bytes;
    const value = b[this.at]! * 0x1000000 + ((b[this.at + 1]! << 16) | (b[this.at + 2]! << 8) | b[this.at + 3]!);
    this.at += 4;
    return value;
  }

  /** Variable Byte Integer: at most four bytes, 7 bits each, low group first. */
  varint(what: string): number {
    let value = 0;
    for (let index = 0; index < 4; index++) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * 2 ** (7 * index);
      if ((byte & 0x80) === 0) return value;
    }
    throw new MalformedPacket(`${what}: variable byte integer longer than 4 bytes`);
  }

  /** Binary Data: two-byte length, then that many bytes (a view, not a copy). */
  binary(what: string): Uint8Array {
    const length = this.twoByte(`${what} length`);
    this.need(length, `${what} (${length} bytes)`);
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  /** UTF-8 Encoded String: two-byte length, well-formed UTF-8 without U+0000. */
  string(what: string): string {
    const raw = this.binary(what);
    const text = strictUtf8(raw);
    if (text === undefined) throw new MalformedPacket(`${what} is not well-formed UTF-8`);
    if (text.includes('\u0000')) throw new MalformedPacket(`${what} contains U+0000, which MQTT strings may not`);
    return text;
  }

  /** The rest of the packet (a view). */
  rest(): Uint8Array {
    const value = this.bytes.subarray(this.at, this.end);
    this.at = this.end;
    return value;
  }
}
