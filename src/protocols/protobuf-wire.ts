// The Protocol Buffers wire format (protobuf.dev/programming-guides/encoding): tags, varints up to 64 bits
// (kept exact: a number below 2^53, a bigint above), fixed 32/64-bit, length-delimited, groups. No schema
// here: only what the bytes say.
import { byteCount } from './binary-display.ts';

export type Varint = number | bigint;

interface FieldBase {
  /** Field number from the tag. */
  number: number;
  /** Offset of the tag within the parsed bytes. */
  offset: number;
}

export type WireField =
  | (FieldBase & { kind: 'varint'; value: Varint })
  | (FieldBase & { kind: 'fixed64'; bytes: Uint8Array })
  | (FieldBase & { kind: 'fixed32'; bytes: Uint8Array })
  | (FieldBase & { kind: 'length-delimited'; bytes: Uint8Array })
  | (FieldBase & { kind: 'group'; fields: WireField[] });

export type WireParse = { ok: true; fields: WireField[] } | { ok: false; fields: WireField[]; error: string; offset: number };

/** Deeper groups are refused rather than risking the stack. */
export const MAX_DEPTH = 100;
const MAX_FIELD_NUMBER = 2 ** 29 - 1;

class WireError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Parses `bytes` as one message's fields. `strict` (for guessing whether bytes are a message) also refuses
 * field numbers in 19000-19999, which no .proto may declare. Never throws: a failure keeps the fields read
 * before it.
 */
export function parseWire(bytes: Uint8Array, strict = false): WireParse {
  const reader = new WireReader(bytes, strict);
  const fields: WireField[] = [];
  try {
    reader.fields(fields, undefined, 0);
    return { ok: true, fields };
  } catch (error) {
    if (error instanceof WireError) return { ok: false, fields, error: error.message, offset: error.offset };
    return { ok: false, fields, error: `unreadable: ${String(error)}`, offset: reader.at };
  }
}

class WireReader {
  at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly strict: boolean,
  ) {}

  /** Reads fields into `out` until the end, or until the end-group tag of `group` (a field number). */
  fields(out: WireField[], group: number | undefined, depth: number): void {
    const { bytes } = this;
    while (this.at < bytes.length) {
      const offset = this.at;
      const tag = this.varint('tag');
      if (typeof tag !== 'number' || tag > 0xffffffff) throw new WireError(`tag ${tag} is beyond 32 bits`, offset);
      const wireType = tag % 8;
      const number = Math.floor(tag / 8);
      if (wireType === 4) {
        if (group === number) return;
        throw new WireError(
          group === undefined ? `end-group tag for field ${number} without a start-group` : `end-group tag for field ${number} inside group ${group}`,
          offset,
        );
      }
      if (number === 0) throw new WireError('field number 0 is not allowed', offset);
      if (number > MAX_FIELD_NUMBER) throw new WireError(`field number ${number} is beyond 2^29-1`, offset);
      if (this.strict && number >= 19000 && number <= 19999) throw new WireError(`field number ${number} is in the reserved range 19000-19999`, offset);
      out.push(this.value(number, wireType, offset, depth));
    }
    if (group !== undefined) throw new WireError(`group ${group} has no end-group tag`, this.at);
  }

  private value(number: number, wireType: number, offset: number, depth: number): WireField {
    switch (wireType) {
      case 0:
        return { number, offset, kind: 'varint', value: this.varint(`field ${number}'s varint`) };
      case 1:
        return { number, offset, kind: 'fixed64', bytes: this.take(8, `field ${number}'s 64-bit value`) };
      case 2: {
        const length = this.varint(`field ${number}'s length`);
        if (typeof length !== 'number' || length > this.bytes.length - this.at) {
          throw new WireError(`field ${number}'s length ${length} runs past the end (${byteCount(this.bytes.length - this.at)} left)`, offset);
        }
        return { number, offset, kind: 'length-delimited', bytes: this.take(length, `field ${number}`) };
      }
      case 3: {
        if (depth >= MAX_DEPTH) throw new WireError(`groups nested deeper than ${MAX_DEPTH}`, offset);
        const fields: WireField[] = [];
        this.fields(fields, number, depth + 1);
        return { number, offset, kind: 'group', fields };
      }
      case 5:
        return { number, offset, kind: 'fixed32', bytes: this.take(4, `field ${number}'s 32-bit value`) };
      default:
        throw new WireError(`field ${number} has wire type ${wireType}, which does not exist`, offset);
    }
  }

  private take(count: number, what: string): Uint8Array {
    if (this.bytes.length - this.at < count) throw new WireError(`${what} needs ${byteCount(count)}, ${this.bytes.length - this.at} left`, this.at);
    const view = this.bytes.subarray(this.at, this.at + count);
    this.at += count;
    return view;
  }

  /** A base-128 varint of at most 10 bytes, as a number while below 2^53, else as a bigint (64 bits kept). */
  varint(what: string): Varint {
    const { bytes } = this;
    const start = this.at;
    let value = 0;
    // Seven groups of 7 bits stay below 2^49: exact as a number.
    for (let index = 0; index < 7; index++) {
      const byte = bytes[this.at++];
      if (byte === undefined) throw new WireError(`${what} is cut short`, start);
      value += (byte & 0x7f) * 2 ** (7 * index);
      if (byte < 0x80) return value;
    }
    let big = BigInt(value);
    for (let index = 7; index < 10; index++) {
      const byte = bytes[this.at++];
      if (byte === undefined) throw new WireError(`${what} is cut short`, start);
      big += BigInt(byte & 0x7f) << BigInt(7 * index);
      if (byte < 0x80) {
        big = BigInt.asUintN(64, big);
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
    }
    throw new WireError(`${what} is longer than 10 bytes`, start);
  }
}

/** Reads a run of varints (a packed repeated field's body). */
export function parsePackedVarints(bytes: Uint8Array): { ok: true; values: Varint[] } | { ok: false; error: string } {
  const values: Varint[] = [];
  const reader = new WireReader(bytes, false);
  try {
    while (reader.at < bytes.length) values.push(reader.varint('packed varint'));
    return { ok: true, values };
  } catch (error) {
    return { ok: false, error: error instanceof WireError ? `${error.message} at byte ${error.offset}` : String(error) };
  }
}
