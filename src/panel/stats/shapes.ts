// A message's shape, for "the most frequent messages": its protocol message type and key when decoded,
// else the set of its top-level JSON keys, else text or binary. Kept per message id: the stats and the
// shape filter read the same answer without parsing twice.
import type { StoredMessage } from '../../db/message-chunks';
import { parseJson } from '../../protocols/json';
import type { DecodedMessage } from '../../protocols/types';

export function shapeOf(row: StoredMessage, decoded: DecodedMessage | undefined): string {
  const item = decoded?.items[0];
  if (decoded && item) return `${decoded.protocol} ${item.type}${item.key ? ` ${item.key}` : ''}`;
  if (row.payload.kind === 'binary') return 'binary';
  const parsed = parseJson(row.payload.preview);
  if (!parsed.ok) return 'text';
  const value = parsed.value;
  if (value.kind === 'object') return `{${[...new Set(value.entries.map(([key]) => key))].sort().join(', ')}}`;
  if (value.kind === 'array') return 'JSON array';
  return `JSON ${value.kind}`;
}

export class ShapeCache {
  private readonly shapes = new Map<number, string>();
  private seenDecoding = -1;

  constructor(
    private readonly decodedOf: (messageId: number) => DecodedMessage | undefined,
    /** Changes as messages are decoded: a shape read before may now have its protocol's type. */
    private readonly decodingVersion: () => number,
  ) {}

  of(row: StoredMessage): string {
    if (this.seenDecoding !== this.decodingVersion()) {
      this.shapes.clear();
      this.seenDecoding = this.decodingVersion();
    }
    let shape = this.shapes.get(row.id);
    if (shape === undefined) {
      shape = shapeOf(row, this.decodedOf(row.id));
      this.shapes.set(row.id, shape);
    }
    return shape;
  }
}
