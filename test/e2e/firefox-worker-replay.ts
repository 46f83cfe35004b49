// Steps the Firefox worker tests share: what each of two tabs records of a Shared or Service Worker's
// socket (the first tab sent a text and both saw a binary echo), Resend, Edit and send and Inject from
// a panel as a user does them (any worker's socket), and what each tab must have recorded once the socket closed.
import { expect, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { WorkerContext } from '../../src/shared/models';
import type { FirefoxDatabase } from './firefox-db';
import { clickButton, selectRow, waitForStored, type StoredTab } from './firefox-traffic';

/** A tab's messages in capture order, as [direction, origin, preview]. */
export const sortedMessages = (stored: StoredTab) => stored.messages.sort((a, b) => a.seq - b.seq).map((m) => [m.direction, m.origin, m.payload.preview]);

export interface TabExpectation {
  tab: { tabId: number };
  messages: unknown[];
}

/** The first tab sent a text and had its echo; both tabs then saw a binary message and its echo. */
export function twoTabsMessages(first: { tabId: number }, second: { tabId: number }, text: string): TabExpectation[] {
  const binary = [
    ['send', 'page', 'AQL/'],
    ['receive', 'page', 'AQL/'],
  ];
  return [
    { tab: first, messages: [['send', 'page', text], ['receive', 'page', text], ...binary] },
    { tab: second, messages: binary },
  ];
}

/** Each tab recorded the worker's socket once, open, with its messages in order and its handshake from webRequest. */
export async function expectEachTabRecordedOpen(db: FirefoxDatabase, tabs: TabExpectation[], socketUrl: string, worker: WorkerContext): Promise<void> {
  for (const { tab, messages } of tabs) {
    const stored = await waitForStored(db, tab.tabId, (s) => s.messages.length >= messages.length);
    expect(stored.connections.map((c) => [c.url, c.state, c.worker])).toEqual([[socketUrl, 'open', worker]]);
    expect(sortedMessages(stored)).toEqual(messages);
    // The handshake is seen by webRequest as a request of no tab; each tab keeps its own record of it.
    const handshake = await vi.waitFor(
      async () => {
        const [found] = await db.all('handshakes', 'connectionId', stored.connections[0]!.id);
        if (found?.statusCode === undefined) throw new Error('no handshake yet');
        return found;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(handshake).toMatchObject({ tabId: tab.tabId, url: socketUrl, statusCode: 101 });
    expect(handshake.requestHeaders.some((header) => header.name.toLowerCase() === 'sec-websocket-key')).toBe(true);
    expect(stored.connections[0]!.handshakeId).toBe(handshake.requestId);
  }
}

/** Resends the first row showing `preview`, then injects `injected` from the second such row's dialog. */
export async function resendThenInject(panel: Page, preview: string, injected: string): Promise<void> {
  await selectRow(panel, preview, 0);
  await clickButton(panel, 'Resend', '.replay-actions');
  await panel.waitForFunction(() => document.querySelector('.replay-actions')?.textContent?.includes('Resent.'), { timeout: 15_000 });
  await sendFromDialog(panel, preview, 1, 'Inject', injected);
}

/**
 * On the `nth` row showing `preview`, opens the dialog of `action` ('Edit and send' or 'Inject'), puts
 * `text` in it and presses its button (Send or Inject); the dialog stays open with its outcome.
 */
export async function sendFromDialog(panel: Page, preview: string, nth: number, action: 'Edit and send' | 'Inject', text: string): Promise<void> {
  await selectRow(panel, preview, nth);
  await clickButton(panel, action, '.replay-actions');
  await panel.waitForSelector('[role=dialog] textarea');
  await panel.evaluate((text) => {
    const textarea = document.querySelector<HTMLTextAreaElement>('[role=dialog] textarea')!;
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await clickButton(panel, action === 'Inject' ? 'Inject' : 'Send', '[role=dialog]');
}

/** The outcome the open dialog shows once it has one, then closes the dialog. */
export async function dialogOutcome(panel: Page): Promise<string> {
  const outcome = await panel.waitForFunction(() => document.querySelector('[role=dialog] .wsi-ok, [role=dialog] .wsi-error')?.textContent?.trim(), {
    timeout: 15_000,
  });
  const text = (await outcome.jsonValue()) as string;
  await clickButton(panel, 'Close', '[role=dialog] .wsi-row');
  await panel.waitForFunction(() => document.querySelector('[role=dialog]') === null, { timeout: 15_000 });
  return text;
}

/** Each tab recorded one connection, closed 1000 "done": its first messages, then the resend, its echo and the injected one. */
export async function expectResentInjectedAndClosed(db: FirefoxDatabase, tabs: TabExpectation[], preview: string, injected: string): Promise<void> {
  for (const { tab, messages } of tabs) {
    const stored = await waitForStored(db, tab.tabId, (s) => s.messages.length >= messages.length + 3 && s.connections[0]?.state === 'closed');
    expect(stored.connections).toHaveLength(1);
    expect(stored.connections[0]!.close).toMatchObject({ code: 1000, reason: 'done' });
    expect(sortedMessages(stored).slice(messages.length)).toEqual(
      expect.arrayContaining([
        ['send', 'replayed', preview],
        ['receive', 'page', preview],
        ['receive', 'injected', injected],
      ]),
    );
    expect(stored.messages).toHaveLength(messages.length + 3);
  }
}
