// Reads the extension's real IndexedDB and storage from a test, through an extension page, and
// controls its service worker (stop it as Chrome does when idle) through that page's CDP session.
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './chromium';
import { DATABASE_NAME } from '../../src/shared/tags';
import { CHUNK_LAYOUT, fromStoredJson, readStoredRecords, type IndexValue, type StoreName } from './stored-records';

export interface ExtensionStorage {
  /** Every record of a store, in key order; with `index` and `value`, only those matching. */
  read<T>(store: StoreName, index?: string, value?: IndexValue): Promise<T[]>;
  count(store: StoreName, index?: string, value?: IndexValue): Promise<number>;
  /** chrome.storage.local values. */
  local(key: string): Promise<unknown>;
  setLocal(items: Record<string, unknown>): Promise<void>;
  /** runtime.sendMessage from an extension page: what the panel does for one-shot requests. */
  sendFromExtensionPage(message: unknown): Promise<unknown>;
  /** Stops the extension's service worker the way Chrome does after 30 s idle: memory and ports gone. */
  stopServiceWorker(): Promise<void>;
  /** The extension page used for all of the above. */
  page: Page;
}

export async function openExtensionStorage(browser: ExtensionBrowser): Promise<ExtensionStorage> {
  // manifest.json renders as an inert extension-origin document: IndexedDB and chrome.* with no app code.
  const page = await browser.openExtensionPage('manifest.json');
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const workerVersions = new Map<string, { runningStatus: string; scriptURL: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
    for (const version of event.versions) workerVersions.set(version.versionId, version);
  });
  await cdp.send('ServiceWorker.enable');

  const request = async <T>(store: StoreName, index: string | undefined, value: IndexValue | undefined, count: boolean): Promise<T> =>
    fromStoredJson<T>(await page.evaluate(readStoredRecords, { name: DATABASE_NAME, store, index, value, count, layout: CHUNK_LAYOUT, json: true }));

  return {
    page,
    read: (store, index, value) => request(store, index, value, false),
    count: (store, index, value) => request(store, index, value, true),
    local: (key) => page.evaluate(async (key) => (await chrome.storage.local.get(key))[key], key),
    setLocal: (items) => page.evaluate((items) => chrome.storage.local.set(items), items),
    sendFromExtensionPage: (message) => page.evaluate((message) => chrome.runtime.sendMessage(message), message),
    async stopServiceWorker() {
      const ours = [...workerVersions.entries()].filter(
        ([, version]) => version.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`) && version.runningStatus !== 'stopped',
      );
      if (ours.length === 0) throw new Error('the extension service worker is not running');
      // Our relays reconnect at once, so the worker restarts within milliseconds: wait for the
      // 'stopped' event itself rather than polling the state.
      const stopped = new Promise<void>((resolve) => {
        const onUpdate = (event: { versions: { versionId: string; runningStatus: string }[] }): void => {
          if (!event.versions.some((version) => version.versionId === ours[0]![0] && version.runningStatus === 'stopped')) return;
          cdp.off('ServiceWorker.workerVersionUpdated', onUpdate);
          resolve();
        };
        cdp.on('ServiceWorker.workerVersionUpdated', onUpdate);
      });
      for (const [versionId] of ours) await cdp.send('ServiceWorker.stopWorker', { versionId });
      await Promise.race([stopped, new Promise((_, reject) => setTimeout(() => reject(new Error('the service worker did not stop')), 10_000))]);
    },
  };
}

/** Polls `probe` until `done` accepts its value; throws with the last value after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
