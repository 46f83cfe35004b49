// The one IndexedDB database: written by the background (capture) and the HAR import worker, read by extension pages.
import Dexie, { type EntityTable } from 'dexie';
import type { ConnectionRecord, HandshakeRecord, SessionRecord } from '../shared/models';
import type { MessageChunk, StoredPayload } from './message-chunks';
import type { ChunkSummary } from './chunk-summary';
import { DATABASE_NAME } from '../shared/tags';

export class InspectorDatabase extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  connections!: EntityTable<ConnectionRecord, 'id'>;
  /** Messages, in chunks (message-chunks.ts); read and write them through message-store.ts. */
  chunks!: EntityTable<MessageChunk, 'id'>;
  payloads!: EntityTable<StoredPayload, 'id'>;
  handshakes!: EntityTable<HandshakeRecord, 'requestId'>;
  /** Search summaries of chunks (chunk-summary.ts), built after the chunks are written; a chunk may have none yet. */
  summaries!: EntityTable<ChunkSummary, 'chunkId'>;

  constructor(name = DATABASE_NAME) {
    // Relaxed durability: commits without waiting for an fsync, which capture (a transaction per batch) would pay.
    // A crash may lose the last commits; the relay's unacked copy covers a stopped service worker.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      sessions: 'id, tabId, startedAt',
      connections: 'id, sessionId, tabId, [tabId+url], handshakeId',
      messages: '++id, sessionId, connectionId, &[connectionId+seq], [sessionId+id]',
      payloads: 'id, sessionId',
      handshakes: 'requestId, [tabId+url], connectionId',
    });
    // Version 2 stores messages in chunks. Data of the 0.1 development builds is dropped, not converted.
    this.version(2)
      .stores({
        messages: null,
        chunks: '++id, [sessionId+id], *connectionIds',
      })
      .upgrade(async (transaction) => {
        await Promise.all(['sessions', 'connections', 'payloads', 'handshakes'].map((table) => transaction.table(table).clear()));
      });
    // Version 3 indexes unmatched connections and handshakes by time (matching's key is '' until matched),
    // so matching reads the few candidates near a connect instead of every earlier socket to the same URL.
    this.version(3).stores({
      connections: 'id, sessionId, tabId, [tabId+url], handshakeId, [tabId+url+handshakeId+createdAt]',
      handshakes: 'requestId, [tabId+url], connectionId, [tabId+url+connectionId+startedAt]',
    });
    // Version 4 adds chunk summaries for the history search. Existing chunks get theirs later, as new ones do: nothing to convert.
    this.version(4).stores({ summaries: 'chunkId, sessionId' });
  }
}

let shared: InspectorDatabase | undefined;

/** The database for this context, opened once. */
export function database(): InspectorDatabase {
  shared ??= new InspectorDatabase();
  return shared;
}
