// The panel entry's first read in raw IndexedDB (src/db/first-read.ts) answers what the panel's Dexie
// queries answer for the tab's latest session, and never creates the database.
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { readFirstView } from '../../src/db/first-read';
import { appendMessages, messagesAfter, type NewMessage } from '../../src/db/message-store';
import { connectionsOfSessions, sessionsOfTab } from '../../src/db/queries';
import { InspectorDatabase } from '../../src/db/schema';
import { DATABASE_NAME } from '../../src/shared/tags';
import { connection, session } from '../e2e/seed';

const messages = (connectionId: string, from: number, count: number): NewMessage[] =>
  Array.from({ length: count }, (_, i) => ({
    message: {
      connectionId,
      seq: from + i,
      direction: i % 2 ? 'receive' : 'send',
      time: 1000 + from + i,
      payload: { kind: 'text', source: 'string', size: 5, truncated: false, preview: `m${from + i}` },
      origin: 'page',
    },
    data: `m${from + i}`,
  }));

test('with no database, reads nothing and creates none', async () => {
  expect(await readFirstView(7, 200)).toBeUndefined();
  expect((await indexedDB.databases()).map((database) => database.name)).not.toContain(DATABASE_NAME);
});

test('reads the tab’s sessions, and the latest one’s connections and first rows, as the Dexie queries do', async () => {
  const db = new InspectorDatabase(DATABASE_NAME);
  await db.sessions.bulkAdd([session('late', 7, { startedAt: 20 }), session('early', 7, { startedAt: 10 }), session('other-tab', 8, { startedAt: 30 })]);
  await db.connections.bulkAdd([
    connection('b', 'late', 7, { createdAt: 2 }),
    connection('a', 'late', 7, { createdAt: 1 }),
    connection('old', 'early', 7, { createdAt: 0 }),
  ]);
  await db.transaction('rw', db.chunks, db.payloads, async () => {
    await appendMessages(db, 'early', messages('old', 0, 50));
    // A slow socket: chunks of a few messages, so the first page takes several reads.
    for (let from = 0; from < 300; from += 3) await appendMessages(db, 'late', messages(from % 2 ? 'a' : 'b', from, 3));
  });
  db.close();

  const read = await readFirstView(7, 200);
  await db.open();
  expect(read!.sessions).toEqual(await sessionsOfTab(db, 7));
  expect(read!.sessions.map((s) => s.id)).toEqual(['early', 'late']);
  expect(read!.connections).toEqual(await connectionsOfSessions(db, ['late']));
  const dexieRows = await messagesAfter(db, 'late', 0, 200);
  expect(read!.rows).toEqual(dexieRows);
  expect(read!.rows.length).toBeGreaterThanOrEqual(200);
  expect(read!.rows[0]!.payload.preview).toBe('m0');
  db.close();
});
