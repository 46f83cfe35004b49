// Open panel ports: who watches which tab, and the messages the background pushes to them.
import type { Runtime } from '../platform/browser';
import type { BackgroundToPanel } from '../shared/messages';
import type { SessionRecord } from '../shared/models';

/** At most one `changed` per tab per this many milliseconds: panels re-query, they need no more. */
export const CHANGED_THROTTLE_MS = 100;

const watchedTabs = new Map<Runtime.Port, Set<number>>();
const changedThrottles = new Map<number, { timer: ReturnType<typeof setTimeout>; pendingSessionId?: string }>();

export function addPanelPort(port: Runtime.Port): void {
  watchedTabs.set(port, new Set());
  port.onDisconnect.addListener(() => watchedTabs.delete(port));
}

export function watchTab(port: Runtime.Port, tabId: number): void {
  watchedTabs.get(port)?.add(tabId);
}

export function postToPanel(port: Runtime.Port, message: BackgroundToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    watchedTabs.delete(port); // Closed panel whose disconnect has not arrived yet.
  }
}

export function postToWatchers(tabId: number, message: BackgroundToPanel): void {
  for (const [port, tabs] of watchedTabs) if (tabs.has(tabId)) postToPanel(port, message);
}

export function broadcastToPanels(message: BackgroundToPanel): void {
  for (const port of watchedTabs.keys()) postToPanel(port, message);
}

export function notifySessionStarted(session: SessionRecord): void {
  postToWatchers(session.tabId, { t: 'session-started', session });
}

/** Tells watchers new data was committed for `tabId`: now, then at most once per throttle period. */
export function notifyChanged(tabId: number, sessionId: string): void {
  const throttle = changedThrottles.get(tabId);
  if (throttle) {
    throttle.pendingSessionId = sessionId;
    return;
  }
  postToWatchers(tabId, { t: 'changed', tabId, sessionId });
  const fire = (): void => {
    const pending = changedThrottles.get(tabId);
    if (pending?.pendingSessionId === undefined) {
      changedThrottles.delete(tabId);
      return;
    }
    postToWatchers(tabId, { t: 'changed', tabId, sessionId: pending.pendingSessionId });
    pending.pendingSessionId = undefined;
    pending.timer = setTimeout(fire, CHANGED_THROTTLE_MS);
  };
  changedThrottles.set(tabId, { timer: setTimeout(fire, CHANGED_THROTTLE_MS) });
}
