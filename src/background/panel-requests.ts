// PanelToBackground requests, from a panel port or a one-shot runtime message. Callers have already
// checked that the sender is one of our extension pages.
import type { Runtime } from '../platform/browser';
import { database } from '../db/schema';
import { deleteSessions, emptyLiveSession } from '../db/session-data';
import type { BackgroundToPanel, ContentToPage, PanelToBackground } from '../shared/messages';
import { enqueue } from './ingest-queue';
import { isPaused, setPaused } from './pause';
import { currentSessionIds } from './tab-state';
import { forgetUsage } from './eviction';
import { sendCommand } from './commands';
import { postToPanel, postToWatchers, watchTab } from './panel-ports';
import { setTabIntercept, storeRules } from './intercept';
import { deepCaptureState, commandOnDeepConnection, setDeepCapture } from './deep-capture/controller';

export type PanelReply = { ok: true } | { ok: false; error: string };

const isTabId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const COMMANDS = new Set(['send', 'inject', 'connect', 'intercept-release']);

export function isPanelRequest(message: unknown): message is PanelToBackground {
  const request = message as Partial<PanelToBackground> | null;
  switch (request?.t) {
    case 'watch':
      return isTabId(request.tabId);
    case 'set-paused':
      return isTabId(request.tabId) && typeof request.paused === 'boolean';
    case 'clear':
      return Array.isArray(request.sessionIds) && request.sessionIds.every((id) => typeof id === 'string');
    case 'command':
      return isTabId(request.tabId) && Number.isSafeInteger(request.frameId) && isCommand(request.command);
    case 'set-rules':
      return Array.isArray(request.rules);
    case 'intercept':
      return isTabId(request.tabId) && Array.isArray(request.breakpoints) && Number.isSafeInteger(request.revision);
    case 'deep-capture':
      return isTabId(request.tabId) && typeof request.on === 'boolean';
    default:
      return false;
  }
}

function isCommand(command: unknown): command is ContentToPage {
  const candidate = command as { t?: unknown; id?: unknown } | null;
  return typeof candidate?.t === 'string' && COMMANDS.has(candidate.t) && typeof candidate.id === 'string';
}

export async function handlePanelRequest(request: PanelToBackground, port?: Runtime.Port): Promise<PanelReply> {
  switch (request.t) {
    case 'watch':
      if (!port) return { ok: false, error: 'watch needs a panel port' };
      watchTab(port, request.tabId);
      postToPanel(port, { t: 'paused', tabId: request.tabId, paused: await isPaused(request.tabId) });
      postToPanel(port, { t: 'deep-capture', tabId: request.tabId, state: deepCaptureState(request.tabId) });
      return { ok: true };
    case 'set-paused':
      await setPaused(request.tabId, request.paused);
      postToWatchers(request.tabId, { t: 'paused', tabId: request.tabId, paused: request.paused });
      return { ok: true };
    case 'clear':
      await enqueue(() => clearSessions(request.sessionIds));
      return { ok: true };
    case 'command':
      if ('conn' in request.command && typeof request.command.conn === 'string' && request.command.conn.startsWith(DEEP_CONNECTION_PREFIX))
        return commandOnWorkerSocket(request.tabId, request.command, port);
      await sendCommand(request.tabId, request.frameId, request.command, port);
      return { ok: true };
    case 'set-rules':
      await storeRules(request.rules);
      return { ok: true };
    case 'intercept':
      // The switch belongs to a panel's port: when the port goes, what it held is released.
      if (!port) return { ok: false, error: 'intercept needs a panel port' };
      setTabIntercept(port, request.tabId, request.breakpoints, request.revision);
      return { ok: true };
    case 'deep-capture':
      await setDeepCapture(request.tabId, request.on);
      return { ok: true };
  }
}

const DEEP_CONNECTION_PREFIX = 'debugger:';

/** A command on a socket deep capture saw: sent or injected in its worker through the debugger. */
async function commandOnWorkerSocket(tabId: number, command: ContentToPage, port?: Runtime.Port): Promise<PanelReply> {
  const error =
    command.t === 'send' || command.t === 'inject'
      ? await commandOnDeepConnection(tabId, command.conn, command.t, command.payload)
      : 'only send and inject reach a socket seen through Chrome’s debugger';
  const id = 'id' in command ? command.id : '';
  const result: BackgroundToPanel = error ? { t: 'command-result', id, ok: false, error } : { t: 'command-result', id, ok: true };
  if (port) postToPanel(port, result);
  else postToWatchers(tabId, result);
  return { ok: true };
}

/** Past sessions go entirely; a session still being written to is emptied but stays. */
async function clearSessions(sessionIds: string[]): Promise<void> {
  const db = database();
  const live = await currentSessionIds();
  await deleteSessions(
    db,
    sessionIds.filter((id) => !live.has(id)),
  );
  for (const id of sessionIds.filter((id) => live.has(id))) await emptyLiveSession(db, id);
  await forgetUsage(db, sessionIds);
}
