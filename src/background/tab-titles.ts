// Tab titles follow the page into its session record. Chat and ticker pages retitle themselves on
// every message, so titles are coalesced: the last one per tab is written about once a second.
import { database } from '../db/schema';
import { coalesce } from './coalesce';
import { loadTabState } from './tab-state';

export const TITLE_WRITE_INTERVAL_MS = 1000;

const titles = coalesce<number, string>(
  TITLE_WRITE_INTERVAL_MS,
  (_earlier, later) => later,
  async (latest) => {
    const db = database();
    await Promise.all(
      [...latest].map(async ([tabId, title]) => {
        const state = await loadTabState(tabId);
        if (state) await db.sessions.update(state.sessionId, { title });
      }),
    );
  },
);

export function followTabTitle(tabId: number, title: string): void {
  titles.note(tabId, title);
}
