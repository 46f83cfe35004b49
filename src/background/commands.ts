// Panel commands to a frame's relay, and their results back to the panel that asked.
import { browser, type Runtime } from '../platform/browser';
import type { BackgroundToContent, BackgroundToPanel, ContentToBackground, ContentToPage } from '../shared/messages';
import { postToPanel, postToWatchers } from './panel-ports';

type CommandResult = Extract<ContentToBackground, { t: 'command-result' }>;

const framePorts = new Map<string, Runtime.Port>();
/** Command id → the panel port that sent it (absent for one-shot requests: results go to watchers). */
const askedBy = new Map<string, { tabId: number; port?: Runtime.Port }>();

/** Commands whose result never came (frame gone) are forgotten, oldest first, beyond this many. */
const MAX_AWAITED_RESULTS = 1000;

const frameKey = (tabId: number, frameId: number): string => `${tabId}:${frameId}`;

/** The relay port of a frame's current document, for commands. */
export function registerFramePort(tabId: number, frameId: number, port: Runtime.Port): void {
  framePorts.set(frameKey(tabId, frameId), port);
  port.onDisconnect.addListener(() => {
    if (framePorts.get(frameKey(tabId, frameId)) === port) framePorts.delete(frameKey(tabId, frameId));
  });
}

export async function sendCommand(tabId: number, frameId: number, command: ContentToPage, panel?: Runtime.Port): Promise<void> {
  const id = 'id' in command ? command.id : undefined;
  if (id !== undefined) {
    askedBy.set(id, panel ? { tabId, port: panel } : { tabId });
    if (askedBy.size > MAX_AWAITED_RESULTS) askedBy.delete(askedBy.keys().next().value!);
  }
  const message: BackgroundToContent = { t: 'command', command };
  const port = framePorts.get(frameKey(tabId, frameId));
  if (port) {
    try {
      port.postMessage(message);
      return;
    } catch {
      // Port already gone: reach the frame's relay directly instead.
    }
  }
  try {
    await browser.tabs.sendMessage(tabId, message, { frameId });
  } catch (error) {
    if (id !== undefined) deliverResult(tabId, { t: 'command-result', id, ok: false, error: `No capture in that frame: ${String(error)}` });
  }
}

/**
 * A command for every frame of a tab (the relay's runtime.onMessage listener takes it). Resolves with the
 * first frame's answer, or undefined when no frame answers or none has capture (yet: frames that connect
 * later get the state on hello).
 */
export async function sendToTab(tabId: number, command: ContentToPage): Promise<unknown> {
  const message: BackgroundToContent = { t: 'command', command };
  try {
    return await browser.tabs.sendMessage(tabId, message);
  } catch {
    return undefined;
  }
}

export function deliverResult(tabId: number, result: CommandResult): void {
  const asker = askedBy.get(result.id);
  if (!asker || asker.tabId !== tabId) return; // Not a command we sent to this tab.
  askedBy.delete(result.id);
  const message: BackgroundToPanel = { t: 'command-result', id: result.id, ok: result.ok };
  if (typeof result.error === 'string') message.error = result.error;
  if (typeof result.conn === 'string') message.conn = result.conn;
  if (asker.port) postToPanel(asker.port, message);
  else postToWatchers(tabId, message);
}
