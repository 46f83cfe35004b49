// One session per top-level document of a tab; subframes join the tab's current session.
import type { InspectorDatabase } from '../db/schema';
import type { ContentToBackground } from '../shared/messages';
import type { CloseInfo, SessionRecord } from '../shared/models';
import { loadTabState, saveTabState, type TabSessionState } from './tab-state';

type Hello = Extract<ContentToBackground, { t: 'hello' }>;

export interface SessionChoice {
  sessionId: string;
  /** Set when this hello started a new session. */
  started?: SessionRecord;
}

/** How connections still open when their document went away are recorded. */
export const PAGE_UNLOADED: CloseInfo = { code: 1001, reason: 'page unloaded', wasClean: false, initiator: 'unknown' };

/** Documents remembered per tab: enough for frames of the current and previous page to reconnect. */
const MAX_REMEMBERED_DOCUMENTS = 100;

/** Call inside the ingest queue: reads and writes the tab's state without races. */
export async function chooseSession(db: InspectorDatabase, tabId: number, hello: Hello, tabTitle: string): Promise<SessionChoice> {
  const state = await loadTabState(tabId);
  const known = state?.documents[hello.documentId];
  if (known !== undefined) return { sessionId: known }; // A frame reconnecting after a drop.

  if (state && (!hello.isTop || state.topDocumentId === '')) {
    // A subframe joins the current page; a top frame adopts a session its subframes started first.
    await saveTabState(tabId, remember(state, hello, state.sessionId, hello.isTop ? hello.documentId : state.topDocumentId));
    return { sessionId: state.sessionId };
  }

  const session: SessionRecord = {
    id: crypto.randomUUID(),
    tabId,
    pageUrl: hello.frameUrl,
    title: hello.title || tabTitle,
    startedAt: Date.now(),
    imported: false,
  };
  // One transaction: a failure leaves neither an empty session behind nor the old page half closed.
  await db.transaction('rw', [db.sessions, db.connections], async () => {
    await db.sessions.put(session);
    if (state) await closeOpenConnections(db, state.sessionId, session.startedAt);
  });
  const fresh: TabSessionState = { sessionId: session.id, topDocumentId: '', documents: state?.documents ?? {} };
  await saveTabState(tabId, remember(fresh, hello, session.id, hello.isTop ? hello.documentId : ''));
  return { sessionId: session.id, started: session };
}

function remember(state: TabSessionState, hello: Hello, sessionId: string, topDocumentId: string): TabSessionState {
  const entries = Object.entries(state.documents).slice(-(MAX_REMEMBERED_DOCUMENTS - 1));
  return { sessionId, topDocumentId, documents: Object.fromEntries([...entries, [hello.documentId, sessionId]]) };
}

/** The previous page is gone: whatever it left open will never report its close. */
export async function closeOpenConnections(db: InspectorDatabase, sessionId: string, time: number): Promise<void> {
  await db.connections
    .where('sessionId')
    .equals(sessionId)
    .filter((connection) => connection.state !== 'closed')
    .modify({ state: 'closed', closedAt: time, close: PAGE_UNLOADED });
}
