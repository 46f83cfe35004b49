// The history search itself: every stored session, newest first; per session its connections' URLs and
// handshake headers, then its text messages newest first (the latest matches show at once, however long the
// session). Runs in the search worker; a plain async
// function over the database so that it is tested against a real (in-memory) IndexedDB.
import { mayHoldAll, type ChunkSummary } from '../../db/chunk-summary';
import { chunkIdsOfSession, textsOfChunk } from '../../db/message-store';
import { storedMessageAt } from '../../db/message-chunks';
import { saveSummaries, summariesOfChunks, summaryOf } from '../../db/summary-store';
import { allSessions, connectionsOfSessions, handshakeOf } from '../../db/queries';
import type { InspectorDatabase } from '../../db/schema';
import type { TextMatcher } from './search-match';
import type { SearchHit } from './search-protocol';

/** Past this many hits the search stops and says so: the query is too broad to read through. */
export const MAX_HITS = 10_000;

/** Chunks read per request: a few thousand messages. */
const CHUNKS_PER_READ = 8;
/** Summaries of chunks read whole are saved this many at a time, so the next search skips those chunks. */
const SUMMARIES_PER_SAVE = 64;
/** Summaries read by a session's first request, doubling per request up to the most: a recent match waits for few. */
const FIRST_SUMMARIES_READ = 16;
const MOST_SUMMARIES_READ = 512;

export interface ScanSink {
  hit(hit: SearchHit): void;
  /** Called after each stretch of messages; returns false to stop (cancelled). */
  progress(scannedMessages: number, totalMessages: number, sessionsDone: number, sessionsTotal: number): boolean;
}

export interface ScanResult {
  scannedMessages: number;
  hits: number;
  cancelled: boolean;
  /** True when MAX_HITS stopped the scan. */
  capped: boolean;
}

/**
 * Searches all history. `trigrams` (search-literals.ts) are those a matching text must hold: chunks
 * whose summary lacks one are skipped unread; chunks without a summary are read, and summarised.
 */
export async function scanHistory(db: InspectorDatabase, find: TextMatcher, trigrams: readonly number[], sink: ScanSink): Promise<ScanResult> {
  const sessions = (await allSessions(db)).sort((a, b) => b.startedAt - a.startedAt);
  const connections = await connectionsOfSessions(
    db,
    sessions.map((session) => session.id),
  );
  const totalMessages = connections.reduce((sum, connection) => sum + connection.sentCount + connection.receivedCount, 0);
  let scannedMessages = 0;
  let hits = 0;
  const report = (hit: SearchHit): boolean => {
    sink.hit(hit);
    return ++hits < MAX_HITS;
  };
  const stop = (cancelled: boolean): ScanResult => ({ scannedMessages, hits, cancelled, capped: !cancelled });

  const urls = new Map(connections.map((connection) => [connection.id, connection.url]));
  for (const [sessionIndex, session] of sessions.entries()) {
    for (const connection of connections.filter((candidate) => candidate.sessionId === session.id)) {
      const base = { sessionId: session.id, connectionId: connection.id, connectionUrl: connection.url, time: connection.createdAt };
      const inUrl = find(connection.url);
      if (inUrl && !report({ ...base, where: 'url', snippet: inUrl })) return stop(false);
      const handshake = await handshakeOf(db, connection);
      for (const header of [...(handshake?.requestHeaders ?? []), ...(handshake?.responseHeaders ?? [])]) {
        const inHeader = find(`${header.name}: ${header.value}`);
        if (inHeader && !report({ ...base, where: 'header', header: header.name, snippet: inHeader })) return stop(false);
      }
    }
    const chunkIds = (await chunkIdsOfSession(db, session.id)).reverse();
    const summaries = new Map<number, ChunkSummary>();
    let summariesFrom = 0;
    let summariesPerRead = FIRST_SUMMARIES_READ;
    const built: ChunkSummary[] = [];
    try {
      for (let next = 0; next < chunkIds.length;) {
        // The next few chunks that may hold a match; a chunk its summary rules out counts as searched.
        const toRead: number[] = [];
        while (next < chunkIds.length && toRead.length < CHUNKS_PER_READ) {
          if (next === summariesFrom) {
            // Summaries a stretch at a time, newest first: a match among the latest messages shows before the rest are read.
            summariesFrom = Math.min(chunkIds.length, next + summariesPerRead);
            summariesPerRead = Math.min(MOST_SUMMARIES_READ, summariesPerRead * 2);
            for (const summary of await summariesOfChunks(db, session.id, chunkIds[summariesFrom - 1]!, chunkIds[next]!))
              summaries.set(summary.chunkId, summary);
          }
          const chunkId = chunkIds[next++]!;
          const summary = summaries.get(chunkId);
          if (summary && !mayHoldAll(summary.bits, trigrams)) scannedMessages += summary.messageCount;
          else toRead.push(chunkId);
        }
        for (const chunk of await db.chunks.bulkGet(toRead)) {
          if (!chunk) continue; // Deleted since the ids were read.
          const texts = await textsOfChunk(db, chunk);
          if (!summaries.has(chunk.id!)) built.push(summaryOf(chunk, texts));
          for (let position = texts.length - 1; position >= 0; position--) {
            const text = texts[position];
            scannedMessages++;
            const snippet = text === undefined ? undefined : find(text);
            if (!snippet) continue;
            const message = storedMessageAt(chunk, position)!;
            const hit: SearchHit = {
              sessionId: session.id,
              connectionId: message.connectionId,
              connectionUrl: urls.get(message.connectionId) ?? '',
              messageId: message.id,
              where: 'payload',
              direction: message.direction,
              time: message.time,
              snippet,
            };
            if (!report(hit)) return stop(false);
          }
        }
        if (built.length >= SUMMARIES_PER_SAVE) await keepSummaries(db, built.splice(0));
        if (!sink.progress(scannedMessages, totalMessages, sessionIndex, sessions.length)) return stop(true);
      }
    } finally {
      await keepSummaries(db, built);
    }
    if (!sink.progress(scannedMessages, totalMessages, sessionIndex + 1, sessions.length)) return stop(true);
  }
  return { scannedMessages, hits, cancelled: false, capped: false };
}

/** Summaries are a shortcut: failing to save them (the database closing, the quota) must not fail the search. */
async function keepSummaries(db: InspectorDatabase, summaries: readonly ChunkSummary[]): Promise<void> {
  await saveSummaries(db, summaries).catch((error: unknown) => console.debug('[wsi] chunk summaries not saved', error));
}
