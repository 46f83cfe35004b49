// Per-tab state in storage.session: survives a service-worker restart, not a browser restart.
import { browser } from '../platform/browser';

export interface TabSessionState {
  sessionId: string;
  /** The top document that started the session; '' if a subframe spoke first. */
  topDocumentId: string;
  /** documentId → sessionId of recent documents, so a reconnecting frame rejoins its own session. */
  documents: Record<string, string>;
}

const tabKey = (tabId: number): string => `tab:${tabId}`;
const PAUSED_KEY = 'pausedTabs';

export async function loadTabState(tabId: number): Promise<TabSessionState | undefined> {
  const stored = await browser.storage.session.get(tabKey(tabId));
  return stored[tabKey(tabId)] as TabSessionState | undefined;
}

export async function saveTabState(tabId: number, state: TabSessionState): Promise<void> {
  await browser.storage.session.set({ [tabKey(tabId)]: state });
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(tabKey(tabId));
}

/** The session every open tab is writing to now: eviction must never remove these. */
export async function currentSessionIds(): Promise<Set<string>> {
  const everything = await browser.storage.session.get(null);
  const ids = new Set<string>();
  for (const [key, value] of Object.entries(everything)) {
    if (key.startsWith('tab:')) ids.add((value as TabSessionState).sessionId);
  }
  return ids;
}

export async function loadPausedTabs(): Promise<Set<number>> {
  const stored = await browser.storage.session.get(PAUSED_KEY);
  const list = stored[PAUSED_KEY];
  return new Set(Array.isArray(list) ? (list as number[]) : []);
}

export async function savePausedTabs(tabs: ReadonlySet<number>): Promise<void> {
  await browser.storage.session.set({ [PAUSED_KEY]: [...tabs] });
}
