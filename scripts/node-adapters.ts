// Node-only options for src/rfc6455's FrameParser: the parser itself is pure TypeScript (the
// panel uses it as is); Node programs (the decode CLI, the decoder bench) can hand it these.
//
//   new FrameParser({ role, deflate, ...NODE_ADAPTERS })
import zlib from 'node:zlib';
import { RawInflater, type ByteAllocator, type InflaterFactory, type InflateResult, type InflaterOptions, type MessageInflater } from '../src/rfc6455/index.ts';

/** Arrays the parser writes in full before handing them out need no zero-filling. */
export const allocUnsafe: ByteAllocator = (length) => Buffer.allocUnsafeSlow(length);

/**
 * Below this many compressed bytes a message goes to the pure-TypeScript inflater: a zlib call
 * costs tens of microseconds however small the message (a new zlib stream, and the window given
 * to it as a dictionary), the pure inflater a few. From those two costs (35-50 µs a call, and
 * pure inflating at 50-100 MB/s) the break-even is 1-2 KiB of output: about 512 bytes in.
 */
export const ZLIB_MIN_INPUT = 512;

/** RFC 7692 section 7.2.2: the sender strips this empty stored block; the receiver puts it back. */
const SYNC_FLUSH_TAIL = [0x00, 0x00, 0xff, 0xff];
/**
 * Then a final stored block of these 8 bytes. Under Z_SYNC_FLUSH zlib would return what it had
 * decoded from a message cut short inside a block; closing the stream makes it say "unexpected
 * end of file" instead. A block that runs on past the message into these bytes is told apart
 * from one that ended in time by the output: it ends with the marker only if zlib read it as
 * the stored block it is.
 */
const MARKER = [0x77, 0x73, 0x69, 0x2d, 0x65, 0x6e, 0x64, 0x2e];
const TAIL = Buffer.from([...SYNC_FLUSH_TAIL, 0x01, MARKER.length, 0x00, ~MARKER.length & 0xff, 0xff, ...MARKER]);
const EMPTY = new Uint8Array(0);

/**
 * permessage-deflate with node:zlib for large messages. zlib has no synchronous streaming API,
 * so each message is one inflateRawSync() call; context takeover is reproduced exactly by giving
 * it the last window of earlier output as its preset dictionary (what the sender's LZ77 window
 * held). Small messages go to RawInflater; the two hand the window over as they take turns.
 * Windows under 15 bits go to RawInflater alone: zlib checks a distance only against the output
 * it has (zlib is built without INFLATE_STRICT), so it would let a sender that breaks its
 * negotiated window through; at 15 bits no distance code can reach past the window.
 * One difference remains: zlib inflates 16 KiB at a time, so a message that is both over
 * maxOutputLength and broken within those 16 KiB fails as broken, where RawInflater stops at
 * the limit first and says too big.
 */
export class ZlibInflater implements MessageInflater {
  private readonly pure: RawInflater;
  private readonly windowSize: number;
  private readonly useZlib: boolean;
  /** The window after a message zlib inflated; null while the pure inflater holds it. */
  private zlibHistory: Uint8Array | null = null;

  constructor(private readonly options: InflaterOptions) {
    this.pure = new RawInflater(options);
    this.windowSize = 1 << options.windowBits;
    this.useZlib = options.windowBits === 15 && options.maxOutputLength >= 1;
  }

  inflateMessage(parts: readonly Uint8Array[]): InflateResult {
    let inputLength = 0;
    for (const part of parts) inputLength += part.length;
    if (!this.useZlib || inputLength < ZLIB_MIN_INPUT) {
      if (this.zlibHistory !== null) {
        this.pure.setHistory(this.zlibHistory);
        this.zlibHistory = null;
      }
      return this.pure.inflateMessage(parts);
    }
    const dictionary = this.options.contextTakeover ? (this.zlibHistory ?? this.pure.history()) : EMPTY;
    let output: Buffer;
    let consumed: number;
    try {
      const result = zlib.inflateRawSync(Buffer.concat([...parts, TAIL]), {
        windowBits: this.options.windowBits,
        maxOutputLength: this.options.maxOutputLength + MARKER.length,
        info: true,
        ...(dictionary.length > 0 ? { dictionary } : {}),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      output = result.buffer;
      consumed = result.engine.bytesWritten;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return this.failure(code === 'ERR_BUFFER_TOO_LARGE' ? 'too-big' : 'invalid', `zlib: ${(error as Error).message}`);
    }
    let length = output.length;
    if (consumed === inputLength + TAIL.length && endsWithMarker(output)) length -= MARKER.length;
    // Otherwise a final block ended the stream: within the message and its sync-flush tail, as
    // the pure inflater allows, or past them, where the pure inflater finds the data cut short.
    else if (consumed > inputLength + SYNC_FLUSH_TAIL.length) return this.failure('invalid', 'compressed data ends inside a block');
    if (length > this.options.maxOutputLength) return this.failure('too-big', 'inflated message exceeds the maximum size');
    const data = new Uint8Array(output.buffer, output.byteOffset, length);
    if (this.options.contextTakeover) this.zlibHistory = lastWindow(dictionary, data, this.windowSize);
    return { ok: true, data };
  }

  private failure(reason: 'too-big' | 'invalid', detail: string): InflateResult {
    // As RawInflater: the window is unusable after a broken message (the parser stops there).
    this.zlibHistory = EMPTY;
    return { ok: false, reason, detail };
  }
}

function endsWithMarker(output: Uint8Array): boolean {
  if (output.length < MARKER.length) return false;
  for (let i = 0, at = output.length - MARKER.length; i < MARKER.length; i++, at++) if (output[at] !== MARKER[i]) return false;
  return true;
}

/** A copy of the last `size` bytes of before + after (plain Uint8Arrays: their slice() copies). */
function lastWindow(before: Uint8Array, after: Uint8Array, size: number): Uint8Array {
  if (after.length >= size) return after.slice(after.length - size);
  const fromBefore = Math.min(before.length, size - after.length);
  const window = new Uint8Array(fromBefore + after.length);
  window.set(before.subarray(before.length - fromBefore));
  window.set(after, fromBefore);
  return window;
}

export const zlibInflater: InflaterFactory = (options) => new ZlibInflater(options);

/** Both Node adapters, to spread into ParserOptions. */
export const NODE_ADAPTERS = { allocate: allocUnsafe, inflater: zlibInflater } as const;
