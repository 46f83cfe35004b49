// Steps the Firefox Shared and Service Worker tests share: a tab's stored messages in order, Resend and
// Inject from a panel as a user does them, and what each tab must have recorded once the socket closed.
import { expect } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { FirefoxDatabase } from './firefox-db';
import { clickButton, selectRow, waitForStored, type StoredTab } from './firefox-traffic';

/** A tab's messages in capture order, as [direction, origin, preview]. */
export const sortedMessages = (stored: StoredTab) => stored.messages.sort((a, b) => a.seq - b.seq).map((m) => [m.direction, m.origin, m.payload.preview]);

/** Resends the first row showing `preview`, then injects `injected` from the second such row's dialog. */
export async function resendThenInject(panel: Page, preview: string, injected: string): Promise<void> {
  await selectRow(panel, preview, 0);
  await clickButton(panel, 'Resend', '.replay-actions');
  await panel.waitForFunction(() => document.querySelector('.replay-actions')?.textContent?.includes('Resent.'), { timeout: 15_000 });
  await selectRow(panel, preview, 1);
  await clickButton(panel, 'Inject', '.replay-actions');
  await panel.waitForSelector('[role=dialog] textarea');
  await panel.evaluate((text) => {
    const textarea = document.querySelector<HTMLTextAreaElement>('[role=dialog] textarea')!;
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, injected);
  await clickButton(panel, 'Inject', '[role=dialog]');
}

/** Each tab recorded one connection, closed 1000 "done": its first messages, then the resend, its echo and the injected one. */
export async function expectResentInjectedAndClosed(
  db: FirefoxDatabase,
  tabs: { tab: { tabId: number }; messages: unknown[] }[],
  preview: string,
  injected: string,
): Promise<void> {
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
