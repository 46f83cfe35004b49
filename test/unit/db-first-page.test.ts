// The first page's head (src/db/first-page.ts), written by appendMessages, holds the end of the page
// the panel reads first, whatever the batches were; the panel's early read (src/db/first-read.ts)
// takes it instead of the page, and reads the page where a session has no head (stored before heads).
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { readFirstStart } from '../../src/db/first-read';
import { FIRST_PAGE_ROWS, HEAD_ROWS } from '../../src/db/first-page';
import { appendMessages, messagesAfter, type NewMessage } from '../../src/db/message-store';
import { InspectorDatabase } from '../../src/db/schema';
import { DATABASE_NAME } from '../../src/shared/tags';
import { connection, session } from '../e2e/seed';

const messages = (from: number, count: number): NewMessage[] =>
  Array.from({ length: count }, (_, i) => ({
    message: {
      connectionId: 'c',
      seq: from + i + 1,
      direction: i % 2 ? 'receive' : 'send',
      time: 1000 + from + i,
      payload: { kind: 'text', source: 'string', size: 5, truncated: false, preview: `m${from + i}` },
      // Some rows carry marks: replayed, and cut.
      origin: (from + i) % 37 === 5 ? 'replayed' : 'page',
    },
    data: `m${from + i}`,
  }));

/** Writes `batches` (message counts) to session `id` of tab 7, one transaction each, as the background does. */
async function written(db: InspectorDatabase, id: string, batches: readonly number[]): Promise<void> {
  await db.sessions.put(session(id, 7, { startedAt: 1 }));
  await db.connections.put(connection('c', id, 7));
  let from = 0;
  for (const count of batches) {
    await db.transaction('rw', db.chunks, db.payloads, db.heads, () => appendMessages(db, id, messages(from, count)));
    from += count;
  }
}

// Batches of a slow socket (a few rows per chunk, so the page spans reads of 1 and 8 chunks), of a
// flood (one chunk holds the page), more than a chunk at once, and a page that ends inside a read.
for (const batches of [[3, 3, 3, 50, 2, 90, 1, 1, 60, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [1500, 20], [1, 2500], [150, 30, 30, 30], [7]]) {
  test(`after batches of ${batches.join(', ')} rows, the early read draws from the head the end of the page the panel reads`, async () => {
    const db = new InspectorDatabase(DATABASE_NAME);
    // A session id of its own: appendMessages remembers the sessions whose head is complete.
    const id = `s-${batches.join('-')}`;
    await written(db, id, batches);
    const page = await messagesAfter(db, id, 0, FIRST_PAGE_ROWS);
    db.close();
    const start = await readFirstStart(7, FIRST_PAGE_ROWS);
    await db.delete();
    expect(start!.rows).toBeUndefined();
    expect(start!.page.count).toBe(page.length);
    expect(start!.page.rows).toEqual(page.slice(-HEAD_ROWS));
    expect(start!.page.offset).toBe(Math.max(0, page.length - HEAD_ROWS));
    expect(start!.page.firstTime).toBe(page[0]!.time);
    expect(start!.page.marked.map((row) => row.origin)).toEqual(page.some((row) => row.origin === 'replayed') ? ['replayed'] : []);
  });
}

test('a session without a head (stored before heads) is read whole, as before', async () => {
  const db = new InspectorDatabase(DATABASE_NAME);
  await written(db, 'old', [3, 300]);
  await db.heads.clear();
  const page = await messagesAfter(db, 'old', 0, FIRST_PAGE_ROWS);
  db.close();
  const start = await readFirstStart(7, FIRST_PAGE_ROWS);
  await db.delete();
  expect(start!.rows).toEqual(page);
  expect(start!.page).toMatchObject({ count: page.length, offset: 0, rows: page });
});

test('clearing a live session forgets its head: the next messages start a new one', async () => {
  const { emptyLiveSession } = await import('../../src/db/session-data');
  const db = new InspectorDatabase(DATABASE_NAME);
  await written(db, 'cleared', [300]);
  await emptyLiveSession(db, 'cleared');
  expect(await db.heads.get('cleared')).toBeUndefined();
  await db.transaction('rw', db.chunks, db.payloads, db.heads, () => appendMessages(db, 'cleared', messages(1000, 4)));
  const page = await messagesAfter(db, 'cleared', 0, FIRST_PAGE_ROWS);
  db.close();
  const start = await readFirstStart(7, FIRST_PAGE_ROWS);
  await db.delete();
  expect(page.length).toBe(4);
  expect(start!.rows).toBeUndefined();
  expect(start!.page).toMatchObject({ count: 4, offset: 0, rows: page, firstTime: page[0]!.time });
});

test('a session with chunks stored before it had a head gets one that is not used: the page is read', async () => {
  const db = new InspectorDatabase(DATABASE_NAME);
  await written(db, 'upgraded', [30]);
  // As a build without heads left it.
  await db.heads.clear();
  await db.transaction('rw', db.chunks, db.payloads, db.heads, () => appendMessages(db, 'upgraded', messages(30, 300)));
  const page = await messagesAfter(db, 'upgraded', 0, FIRST_PAGE_ROWS);
  db.close();
  const start = await readFirstStart(7, FIRST_PAGE_ROWS);
  await db.delete();
  expect(page[0]!.payload.preview).toBe('m0');
  expect(start!.rows).toEqual(page);
  expect(start!.page).toMatchObject({ count: page.length, offset: 0, rows: page });
});
