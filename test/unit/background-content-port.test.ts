// A relay's port, end to end in the background over fake-indexeddb: when no session can be started,
// capture is held loudly (one notice, the port dropped so the relay says hello again) and resumes.
import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser, hello, resetBrowserStorage } from './storage-fixture';
import { acceptContentPort } from '../../src/background/content-ports';
import { enqueue } from '../../src/background/ingest-queue';
import { database } from '../../src/db/schema';
import { readNotices } from '../../src/platform/notice-log';
import type { Runtime } from '../../src/platform/browser';

vi.mock('../../src/platform/browser', async () => {
  const { browserModule, fakeBrowser } = await import('./storage-fixture');
  return { ...browserModule, browser: { ...fakeBrowser, runtime: { id: 'wsi' } } };
});
vi.mock('../../src/platform/native-api', async () => (await import('./storage-fixture')).nativeApiModule);

/** A relay's end of a port, as the background sees it: what the background posts, and whether it disconnected. */
function relayPort() {
  const listeners: ((message: unknown) => void)[] = [];
  const port = {
    name: 'wsi-content',
    sender: { id: 'wsi', url: 'https://page.test/', frameId: 0, tab: { id: 7, title: 'Chat' } },
    posted: [] as unknown[],
    disconnected: false,
    onMessage: { addListener: (listener: (message: unknown) => void) => void listeners.push(listener) },
    onDisconnect: { addListener: () => undefined },
    postMessage(message: unknown) {
      port.posted.push(message);
    },
    disconnect() {
      port.disconnected = true;
    },
    send: (message: unknown) => listeners.forEach((listener) => listener(message)),
  };
  acceptContentPort(port as unknown as Runtime.Port);
  return port;
}

const batch = (number: number, seq: number) => ({
  t: 'batch',
  documentId: 'doc-1',
  batch: number,
  chunks: [
    JSON.stringify([
      {
        t: 'message',
        conn: '1',
        seq,
        dir: 'send',
        time: 1000 + seq,
        origin: 'page',
        payload: { kind: 'text', source: 'string', size: 2, data: 'hi', truncated: false },
      },
    ]),
  ],
  rejected: 0,
  dropped: 0,
});
/** Waits for everything the ingest queue holds now (and the notices those tasks post). */
const settled = async () => {
  await enqueue(async () => undefined).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 0));
};

beforeEach(() => resetBrowserStorage());

test('a session that cannot be started drops the port with one notice; the next hello resumes capture, with nothing lost', async () => {
  const set = fakeBrowser.storage.session.set;
  fakeBrowser.storage.session.set = async () => {
    throw new Error('storage full');
  };
  const attempts = [relayPort(), relayPort()];
  for (const port of attempts) {
    port.send(hello('doc-1', true));
    port.send(batch(1, 1));
    await settled();
  }
  expect(attempts.map((port) => [port.disconnected, port.posted])).toEqual([
    [true, []],
    [true, []],
  ]);
  const held = (await readNotices()).filter((notice) => notice.level === 'error');
  expect(held).toHaveLength(1); // told once per document, not on every retry
  expect(held[0]!.text).toContain('no session could be started');

  fakeBrowser.storage.session.set = set;
  const port = relayPort();
  port.send(hello('doc-1', true));
  port.send(batch(1, 1));
  await settled();
  expect(port.posted).toEqual([{ t: 'ack', batch: 1 }]);
  expect(port.disconnected).toBe(false);
  expect((await readNotices()).map((notice) => notice.text)).toContainEqual(expect.stringContaining('resumed'));
  const [connection] = await database().connections.where('tabId').equals(7).toArray();
  expect(connection).toMatchObject({ id: 'doc-1/1', sentCount: 1 });
});
