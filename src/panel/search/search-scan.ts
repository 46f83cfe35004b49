// The history search itself: every stored session, newest first; per session its connections' URLs and
// handshake headers, then its text messages newest first (the latest matches show at once, however long the
// session). Runs in the search worker; a plain async
// function over the database so that it is tested against a real (in-memory) IndexedDB.
import { chunksNewestFirst, payloadsOf } from '../../db/message-store';
import { messageIdOf } from '../../db/message-chunks';
import { allSessions, connectionsOfSessions, handshakeOf } from '../../db/queries';
import type { InspectorDatabase } from '../../db/schema';
import type { TextMatcher } from './search-match';
import type { SearchHit } from './search-protocol';

/** Past this many hits the search stops and says so: the query is too broad to read through. */
export const MAX_HITS = 10_000;

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

export async function scanHistory(db: InspectorDatabase, find: TextMatcher, sink: ScanSink): Promise<ScanResult> {
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
    for await (const chunks of chunksNewestFirst(db, session.id)) {
      for (const chunk of chunks) {
        const elsewhere: number[] = [];
        for (const [position, message] of chunk.messages.entries()) {
          if (message.payload.kind !== 'text') continue;
          if (message.data === undefined) elsewhere.push(messageIdOf(chunk.id!, position));
        }
        const loaded = new Map((await payloadsOf(db, elsewhere)).flatMap((payload) => (payload ? [[payload.id, payload.data] as const] : [])));
        for (let position = chunk.messages.length - 1; position >= 0; position--) {
          const message = chunk.messages[position]!;
          scannedMessages++;
          if (message.payload.kind !== 'text') continue;
          const messageId = messageIdOf(chunk.id!, position);
          const text = message.data ?? loaded.get(messageId) ?? message.payload.preview;
          const snippet = find(text);
          if (!snippet) continue;
          const hit: SearchHit = {
            sessionId: session.id,
            connectionId: message.connectionId,
            connectionUrl: urls.get(message.connectionId) ?? '',
            messageId,
            where: 'payload',
            direction: message.direction,
            time: message.time,
            snippet,
          };
          if (!report(hit)) return stop(false);
        }
      }
      if (!sink.progress(scannedMessages, totalMessages, sessionIndex, sessions.length)) return stop(true);
    }
    if (!sink.progress(scannedMessages, totalMessages, sessionIndex + 1, sessions.length)) return stop(true);
  }
  return { scannedMessages, hits, cancelled: false, capped: false };
}
