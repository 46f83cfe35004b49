// Notices kept in storage.local so that a panel opened later still sees "Storage full" and losses.
import { browser } from './browser';

export interface StoredNotice {
  time: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export const NOTICES_KEY = 'notices';
const MAX_STORED_NOTICES = 50;

export async function readNotices(): Promise<StoredNotice[]> {
  const stored = await browser.storage.local.get(NOTICES_KEY);
  const list = stored[NOTICES_KEY];
  return Array.isArray(list) ? (list as StoredNotice[]) : [];
}

/** Appends a notice, keeping only the newest few. */
export async function appendNotice(notice: StoredNotice): Promise<void> {
  const list = [...(await readNotices()), notice].slice(-MAX_STORED_NOTICES);
  await browser.storage.local.set({ [NOTICES_KEY]: list });
}

export async function clearNotices(): Promise<void> {
  await browser.storage.local.remove(NOTICES_KEY);
}
