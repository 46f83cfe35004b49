// Building, saving and reading chunk summaries (chunk-summary.ts). Summaries are built after their
// chunks are written, never in the write's transaction: by the background when capture pauses
// (background/summary-builder.ts) and by the history search for the chunks it had to read whole.
import { summaryBits, type ChunkSummary } from './chunk-summary';
import { messageCountOf, type MessageChunk } from './message-chunks';
import { textsOfChunk } from './message-store';
import type { InspectorDatabase } from './schema';

/** A chunk's summary from its texts as textsOfChunk() reads them. */
export function summaryOf(chunk: MessageChunk, texts: readonly (string | undefined)[]): ChunkSummary {
  return {
    chunkId: chunk.id!,
    sessionId: chunk.sessionId,
    messageCount: messageCountOf(chunk),
    bits: summaryBits(texts.filter((text): text is string => text !== undefined)),
  };
}

/** Saves summaries of chunks still stored: a chunk deleted meanwhile (its session cleared) gets none. */
export async function saveSummaries(db: InspectorDatabase, summaries: readonly ChunkSummary[]): Promise<void> {
  if (summaries.length === 0) return;
  await db.transaction('rw', [db.chunks, db.summaries], async () => {
    // Keys only: reading the chunks themselves would cost as much as the search that built the summaries.
    const stored = new Set(
      await db.chunks
        .where(':id')
        .anyOf(summaries.map((summary) => summary.chunkId))
        .primaryKeys(),
    );
    await db.summaries.bulkPut(summaries.filter((summary) => stored.has(summary.chunkId)));
  });
}

/** A session's summaries of chunks with ids in [firstChunkId, lastChunkId]: one range read (other sessions' chunks in the range are left out). */
export async function summariesOfChunks(db: InspectorDatabase, sessionId: string, firstChunkId: number, lastChunkId: number): Promise<ChunkSummary[]> {
  const summaries = await db.summaries.where(':id').between(firstChunkId, lastChunkId, true, true).toArray();
  return summaries.filter((summary) => summary.sessionId === sessionId);
}

/**
 * Summarises up to `limit` chunks with ids above `afterChunkId`, in id order, and returns the last
 * chunk id it summarised (undefined when there was none).
 */
export async function summariseChunksAfter(db: InspectorDatabase, afterChunkId: number, limit: number): Promise<number | undefined> {
  const chunks = await db.chunks.where(':id').above(afterChunkId).limit(limit).toArray();
  const summaries: ChunkSummary[] = [];
  for (const chunk of chunks) summaries.push(summaryOf(chunk, await textsOfChunk(db, chunk)));
  await saveSummaries(db, summaries);
  return chunks.at(-1)?.id;
}

/** The highest chunk id with a summary, or 0. */
export async function lastSummarisedChunkId(db: InspectorDatabase): Promise<number> {
  const key = await db.summaries.orderBy(':id').lastKey();
  return typeof key === 'number' ? key : 0;
}
