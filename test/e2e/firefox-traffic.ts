// Pages that make WebSocket traffic in Firefox tabs, and waiting until the extension has stored it.
import { vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { ConnectionRecord, MessageRecord, SessionRecord } from '../../src/shared/models';
import { tabIdOf, type FirefoxWithExtension } from './firefox';
import type { FirefoxDatabase } from './firefox-db';
import type { TestServer } from './servers';

/**
 * Serves /NAME.html: it opens `window.socket` to `socketPath` with two subprotocols and binaryType
 * "arraybuffer", then runs `script` (which may use `socket`).
 */
export function socketPage(server: TestServer, name: string, socketPath: string, script = ''): string {
  return server.page(
    `/${name}.html`,
    `<!doctype html><title>${name}</title><script>
      const socket = new WebSocket(${JSON.stringify(server.wsUrl + socketPath)}, ['chat.v1', 'chat.v0']);
      socket.binaryType = 'arraybuffer';
      window.socket = socket;
      ${script}
    </script>`,
  );
}

/** Opens `url` in a new tab; returns the tab and the id Firefox gave it. */
export async function openTab(firefox: FirefoxWithExtension, db: FirefoxDatabase, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await firefox.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(db.page, url) };
}

export interface StoredTab {
  sessions: SessionRecord[];
  connections: ConnectionRecord[];
  messages: MessageRecord[];
}

/** The tab's sessions, connections and messages, as soon as `ready` holds for them. */
export function waitForStored(db: FirefoxDatabase, tabId: number, ready: (stored: StoredTab) => boolean): Promise<StoredTab> {
  return vi.waitFor(
    async () => {
      const sessions = await db.all('sessions', 'tabId', tabId);
      const connections = (await db.all('connections', 'tabId', tabId)).filter((c) => sessions.some((s) => s.id === c.sessionId));
      const messages = (await db.all('messages')).filter((m) => connections.some((c) => c.id === m.connectionId));
      const stored = { sessions, connections, messages };
      if (!ready(stored)) throw new Error(`not yet: ${connections.length} connections, ${messages.length} messages`);
      return stored;
    },
    { timeout: 15_000, interval: 200 },
  );
}

/** Clicks the first enabled button inside `scope` whose text contains `text`, once there is one. */
export async function clickButton(panel: Page, text: string, scope = 'body'): Promise<void> {
  await panel.waitForFunction(
    (text, scope) => [...document.querySelectorAll<HTMLButtonElement>(`${scope} button`)].some((b) => b.textContent?.includes(text) && !b.disabled),
    { timeout: 15_000 },
    text,
    scope,
  );
  await panel.evaluate(
    (text, scope) => [...document.querySelectorAll<HTMLButtonElement>(`${scope} button`)].find((b) => b.textContent?.includes(text) && !b.disabled)!.click(),
    text,
    scope,
  );
}

/** Clicks the `nth` table row whose preview is `preview`, once it is there, and waits for its Resend / Inject actions. */
export async function selectRow(panel: Page, preview: string, nth: number): Promise<void> {
  await panel.waitForFunction(
    (preview, nth) => {
      const rows = [...document.querySelectorAll<HTMLElement>('.message-rows [role=row]')].filter(
        (row) => row.querySelector('.col-preview')?.textContent === preview,
      );
      rows[nth]?.click();
      return rows[nth] !== undefined && document.querySelector('.replay-actions') !== null;
    },
    { timeout: 15_000 },
    preview,
    nth,
  );
}

/** The WebExtension namespace of an extension page, as seen inside page.evaluate callbacks. */
declare const browser: typeof chrome;

/** The text of the first notice the extension stored that names `what`, once there is one. */
export function noticeNaming(db: FirefoxDatabase, what: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const { notices } = (await db.page.evaluate(() => browser.storage.local.get('notices'))) as { notices?: { text: string }[] };
      const found = notices?.find((n) => n.text.includes(what));
      if (!found) throw new Error('no notice yet');
      return found.text;
    },
    { timeout: 15_000, interval: 200 },
  );
}
