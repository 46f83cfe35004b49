// MQTT over WebSocket is a byte stream (MQTT 5.0 §6): a message may hold several packets, and a packet
// may span messages. This cuts each direction's messages into whole packets, keeping a started packet's
// bytes until the message that completes it.

export interface FixedHeader {
  /** Packet type, the first byte's high nibble. */
  type: number;
  /** The first byte's low nibble. */
  flags: number;
  remainingLength: number;
  /** 1 + the remaining length's bytes. */
  headerLength: number;
}

type HeaderRead = { kind: 'ok'; header: FixedHeader } | { kind: 'incomplete' } | { kind: 'malformed'; error: string };

/** The fixed header at `at`: type byte, then the Remaining Length as a 1-4 byte Variable Byte Integer. */
export function readFixedHeader(bytes: Uint8Array, at: number): HeaderRead {
  if (at >= bytes.length) return { kind: 'incomplete' };
  const first = bytes[at]!;
  if (first >> 4 === 0)
    return { kind: 'malformed', error: `packet type 0 is reserved (first byte ${first.toString(16).padStart(2, '0')}): not an MQTT packet` };
  let remainingLength = 0;
  for (let index = 0; index < 4; index++) {
    const byte = bytes[at + 1 + index];
    if (byte === undefined) return { kind: 'incomplete' };
    remainingLength += (byte & 0x7f) * 2 ** (7 * index);
    if ((byte & 0x80) === 0) return { kind: 'ok', header: { type: first >> 4, flags: first & 0x0f, remainingLength, headerLength: index + 2 } };
  }
  return { kind: 'malformed', error: 'remaining length is longer than 4 bytes: not an MQTT packet' };
}

interface PendingPacket {
  chunks: Uint8Array[];
  length: number;
  /** Known once the fixed header is whole. */
  header: FixedHeader | undefined;
  /** How many messages carried its bytes so far. */
  messages: number;
}

/** One direction's stream: the packet whose start arrived but not its end. */
export interface DirectionStream {
  pending: PendingPacket | undefined;
}

export type StreamPiece =
  /** A whole packet; `messages` > 1 when it was put together from several messages. */
  | { kind: 'packet'; bytes: Uint8Array; header: FixedHeader; messages: number }
  /** The start or middle of a packet: `have` bytes so far, of `total` (undefined until the header is whole). */
  | { kind: 'partial'; type: number; have: number; total: number | undefined }
  /** Bytes that are not MQTT framing: the rest of the message is dropped and the next one starts afresh. */
  | { kind: 'malformed'; error: string };

export interface SplitMessage {
  pieces: StreamPiece[];
  /** True when every byte of the message belongs to a packet that started in an earlier message. */
  continuation: boolean;
}

/** Cuts one message of a direction into packets, carrying a packet's start over to the next message. */
export function splitPackets(stream: DirectionStream, bytes: Uint8Array): SplitMessage {
  const pieces: StreamPiece[] = [];
  let at = 0;
  const pending = stream.pending;
  if (pending) {
    if (!pending.header) {
      // The header is at most 5 bytes, so only a few small chunks are read here.
      const read = readFixedHeader(prefix(pending, bytes, 5), 0);
      if (read.kind === 'malformed') {
        stream.pending = undefined;
        return { pieces: [{ kind: 'malformed', error: read.error }], continuation: true };
      }
      if (read.kind === 'ok') pending.header = read.header;
    }
    const total = pending.header ? pending.header.headerLength + pending.header.remainingLength : undefined;
    if (!pending.header || total === undefined || pending.length + bytes.length < total) {
      if (bytes.length > 0) pending.chunks.push(bytes.slice());
      pending.length += bytes.length;
      pending.messages++;
      return { pieces: [{ kind: 'partial', type: pending.chunks[0]![0]! >> 4, have: pending.length, total }], continuation: true };
    }
    at = total - pending.length;
    pieces.push({ kind: 'packet', bytes: concat(pending.chunks, bytes.subarray(0, at), total), header: pending.header, messages: pending.messages + 1 });
    stream.pending = undefined;
  }
  const continuation = pending !== undefined && at === bytes.length;
  while (at < bytes.length) {
    const read = readFixedHeader(bytes, at);
    if (read.kind === 'malformed') {
      pieces.push({ kind: 'malformed', error: `at byte ${at}: ${read.error}` });
      break;
    }
    const header = read.kind === 'ok' ? read.header : undefined;
    const total = header ? header.headerLength + header.remainingLength : undefined;
    if (!header || total === undefined || at + total > bytes.length) {
      const rest = bytes.slice(at);
      stream.pending = { chunks: [rest], length: rest.length, header, messages: 1 };
      pieces.push({ kind: 'partial', type: rest[0]! >> 4, have: rest.length, total });
      break;
    }
    pieces.push({ kind: 'packet', bytes: bytes.subarray(at, at + total), header, messages: 1 });
    at += total;
  }
  return { pieces, continuation };
}

/** The first `count` bytes of the pending chunks followed by `next`. */
function prefix(pending: PendingPacket, next: Uint8Array, count: number): Uint8Array {
  const out: number[] = [];
  for (const chunk of [...pending.chunks, next]) {
    for (let i = 0; i < chunk.length && out.length < count; i++) out.push(chunk[i]!);
    if (out.length >= count) break;
  }
  return Uint8Array.from(out);
}

function concat(chunks: readonly Uint8Array[], tail: Uint8Array, total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  out.set(tail, at);
  return out;
}
