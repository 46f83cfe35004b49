// A chunk's messages stored as columns: a few arrays per chunk instead of one object per message.
// IndexedDB serialises every record with structured clone, whose cost grows with the number of
// values it walks; 1,024 message objects of eight fields (and a payload object each) made that the
// larger part of the service worker's work under a flood (docs/PERFORMANCE.md). Numbers go in typed
// arrays (one copy each), strings in one joined string per column with the end of each message's
// piece, and fields most messages lack (a non-page origin, a mark) only for the messages that have one.
// Pure: no Dexie, so tests and the first read can decode raw records with the same code.
import type { InterceptMark } from '../shared/intercept';
import type { Direction, MessageOrigin, MessageRecord, PayloadSource, PayloadSummary } from '../shared/models';

/** The per-message bits of MessageColumns.flags. Stored: never change one, only add. */
export const COLUMN_FLAGS = {
  receive: 1,
  binary: 2,
  truncated: 4,
  lost: 8,
  inlineData: 16,
  /** With inlineData: the data is the preview (a short payload), so it is not stored twice. */
  dataIsPreview: 32,
} as const;
const { receive: RECEIVE, binary: BINARY, truncated: TRUNCATED, lost: LOST, inlineData: INLINE_DATA, dataIsPreview: DATA_IS_PREVIEW } = COLUMN_FLAGS;

export interface MessageColumns {
  /** Per message: index into the chunk's connectionIds. */
  connection: Uint16Array;
  seq: Float64Array;
  time: Float64Array;
  /** Per message: bits for direction, payload kind, truncated, lost, and whether its data is inline. */
  flags: Uint8Array;
  /** Per message: index into `sources`. */
  source: Uint8Array;
  sources: PayloadSource[];
  /** Per message: payload.size. */
  size: Float64Array;
  /** Every preview, joined; message i's ends at previewEnds[i] and starts where message i-1's ends. */
  previews: string;
  previewEnds: Uint32Array;
  /** The inline data of the messages flagged inlineData but not dataIsPreview, joined the same way (an empty piece for the others). */
  data: string;
  dataEnds: Uint32Array;
  /** Origins other than 'page', by position. */
  origins?: Record<number, MessageOrigin>;
  marks?: Record<number, InterceptMark>;
}

/** A message as a chunk receives it to store. */
export type ColumnMessage = Omit<MessageRecord, 'id' | 'sessionId'>;

/** The columns of `messages`, with `inline[i]` as message i's inline data (undefined: kept in `payloads`). */
export function columnsOf(messages: readonly ColumnMessage[], inline: readonly (string | undefined)[]): { connectionIds: string[]; columns: MessageColumns } {
  const count = messages.length;
  const connectionIndex = new Map<string, number>();
  const sourceIndex = new Map<PayloadSource, number>();
  const columns: MessageColumns = {
    connection: new Uint16Array(count),
    seq: new Float64Array(count),
    time: new Float64Array(count),
    flags: new Uint8Array(count),
    source: new Uint8Array(count),
    sources: [],
    size: new Float64Array(count),
    previews: '',
    previewEnds: new Uint32Array(count),
    data: '',
    dataEnds: new Uint32Array(count),
  };
  const previews: string[] = [];
  const data: string[] = [];
  let previewEnd = 0;
  let dataEnd = 0;
  for (let position = 0; position < count; position++) {
    const { connectionId, seq, direction, time, payload, origin, mark } = messages[position]!;
    let connection = connectionIndex.get(connectionId);
    if (connection === undefined) connectionIndex.set(connectionId, (connection = connectionIndex.size));
    let source = sourceIndex.get(payload.source);
    if (source === undefined) sourceIndex.set(payload.source, (source = sourceIndex.size));
    const inlineData = inline[position];
    const dataIsPreview = inlineData === payload.preview;
    columns.connection[position] = connection;
    columns.seq[position] = seq;
    columns.time[position] = time;
    columns.source[position] = source;
    columns.size[position] = payload.size;
    columns.flags[position] =
      (direction === 'receive' ? RECEIVE : 0) |
      (payload.kind === 'binary' ? BINARY : 0) |
      (payload.truncated ? TRUNCATED : 0) |
      (payload.lost ? LOST : 0) |
      (inlineData === undefined ? 0 : INLINE_DATA) |
      (dataIsPreview ? DATA_IS_PREVIEW : 0);
    previews.push(payload.preview);
    columns.previewEnds[position] = previewEnd += payload.preview.length;
    if (inlineData !== undefined && !dataIsPreview) {
      data.push(inlineData);
      dataEnd += inlineData.length;
    }
    columns.dataEnds[position] = dataEnd;
    if (origin !== 'page') (columns.origins ??= {})[position] = origin;
    if (mark) (columns.marks ??= {})[position] = mark;
  }
  columns.previews = previews.join('');
  columns.data = data.join('');
  columns.sources = [...sourceIndex.keys()];
  return { connectionIds: [...connectionIndex.keys()], columns };
}

export const columnLength = (columns: MessageColumns): number => columns.seq.length;

/** Message `position`'s preview. */
export const columnPreviewAt = (columns: MessageColumns, position: number): string =>
  columns.previews.slice(position === 0 ? 0 : columns.previewEnds[position - 1], columns.previewEnds[position]);

/** Whether message `position` has a text payload (not binary). */
export const columnIsText = (columns: MessageColumns, position: number): boolean => ((columns.flags[position] ?? 0) & BINARY) === 0;

/** What decoding a message needs of its chunk. */
export interface ColumnSource {
  sessionId: string;
  connectionIds: readonly string[];
  columns: MessageColumns;
}

/** Message `position`'s record, with id `id` (undefined past the end), without its inline data. */
export function columnMessageAt(
  { sessionId, connectionIds, columns }: ColumnSource,
  position: number,
  id: number,
): (MessageRecord & { id: number }) | undefined {
  if (!(position >= 0 && position < columnLength(columns))) return undefined;
  const flags = columns.flags[position]!;
  const payload: PayloadSummary = {
    kind: flags & BINARY ? 'binary' : 'text',
    source: columns.sources[columns.source[position]!]!,
    size: columns.size[position]!,
    truncated: (flags & TRUNCATED) !== 0,
    preview: columnPreviewAt(columns, position),
  };
  if (flags & LOST) payload.lost = true;
  const direction: Direction = flags & RECEIVE ? 'receive' : 'send';
  return {
    id,
    sessionId,
    connectionId: connectionIds[columns.connection[position]!]!,
    seq: columns.seq[position]!,
    direction,
    time: columns.time[position]!,
    payload,
    origin: columns.origins?.[position] ?? 'page',
    mark: columns.marks?.[position],
  } satisfies Record<keyof MessageRecord, unknown>;
}

/** Message `position`'s inline data, or undefined when it is kept in `payloads` (or there is no such message). */
export function columnDataAt(columns: MessageColumns, position: number): string | undefined {
  const flags = columns.flags[position] ?? 0;
  if (!(flags & INLINE_DATA)) return undefined;
  if (flags & DATA_IS_PREVIEW) return columnPreviewAt(columns, position);
  return columns.data.slice(position === 0 ? 0 : columns.dataEnds[position - 1], columns.dataEnds[position]);
}
