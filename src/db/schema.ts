// The one IndexedDB database: written by the background (capture) and the HAR import worker, read by extension pages.
import Dexie, { type EntityTable } from 'dexie';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadRecord, SessionRecord } from '../shared/models';
import { DATABASE_NAME } from '../shared/tags';

export class InspectorDatabase extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  connections!: EntityTable<ConnectionRecord, 'id'>;
  messages!: EntityTable<MessageRecord, 'id'>;
  payloads!: EntityTable<PayloadRecord, 'id'>;
  handshakes!: EntityTable<HandshakeRecord, 'requestId'>;

  constructor(name = DATABASE_NAME) {
    // Relaxed durability: commits without waiting for an fsync, several times faster for capture.
    // A crash may lose the last commits; the relay's unacked copy covers a stopped service worker.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      sessions: 'id, tabId, startedAt',
      connections: 'id, sessionId, tabId, [tabId+url], handshakeId',
      // &[connectionId+seq] makes re-delivered batches idempotent: a duplicate fails its unique index.
      messages: '++id, sessionId, connectionId, &[connectionId+seq], [sessionId+id]',
      payloads: 'id, sessionId',
      handshakes: 'requestId, [tabId+url], connectionId',
    });
  }
}

let shared: InspectorDatabase | undefined;

/** The database for this context, opened once. */
export function database(): InspectorDatabase {
  shared ??= new InspectorDatabase();
  return shared;
}
