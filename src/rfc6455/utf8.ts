/**
 * Incremental UTF-8 validator (Unicode Table 3-7 well-formed sequences). It keeps its state
 * between calls so a codepoint split across fragments, or across pushes, validates as one.
 */
export class Utf8Validator {
  /** Continuation bytes still expected for the current codepoint. */
  private pending = 0;
  /** Allowed range of the next continuation byte; narrower after E0, ED, F0 and F4. */
  private lower = 0x80;
  private upper = 0xbf;

  /** Returns the index of the first invalid byte, or -1 when bytes[start..end) is fine so far. */
  push(bytes: Uint8Array, start = 0, end = bytes.length): number {
    let pending = this.pending;
    let lower = this.lower;
    let upper = this.upper;
    let i = start;
    while (i < end) {
      const byte = bytes[i]!;
      if (pending === 0) {
        if (byte < 0x80) {
          i++;
          continue;
        }
        if (byte >= 0xc2 && byte <= 0xdf) pending = 1;
        else if (byte >= 0xe0 && byte <= 0xef) {
          pending = 2;
          // After E0 a byte below A0 would be overlong; after ED one above 9F a surrogate.
          if (byte === 0xe0) lower = 0xa0;
          else if (byte === 0xed) upper = 0x9f;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          pending = 3;
          // After F0 a byte below 90 would be overlong; after F4 one above 8F beyond U+10FFFF.
          if (byte === 0xf0) lower = 0x90;
          else if (byte === 0xf4) upper = 0x8f;
        } else return this.stop(i);
      } else {
        if (byte < lower || byte > upper) return this.stop(i);
        lower = 0x80;
        upper = 0xbf;
        pending--;
      }
      i++;
    }
    this.pending = pending;
    this.lower = lower;
    this.upper = upper;
    return -1;
  }

  /** True when no codepoint is left half-read. */
  get complete(): boolean {
    return this.pending === 0;
  }

  reset(): void {
    this.pending = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  private stop(index: number): number {
    this.reset();
    return index;
  }
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  const validator = new Utf8Validator();
  return validator.push(bytes) === -1 && validator.complete;
}

// TextDecoder/TextEncoder are ECMAScript-environment globals in both browsers and Node.
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes bytes already known to be valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}
