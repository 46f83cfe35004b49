// Background entry. Every listener is registered synchronously at the top level: a stopped service
// worker is restarted by the event it missed, and only listeners present at start-up receive it.
import { browser, type Runtime } from '../platform/browser';
import { CONTENT_PORT, HISTORY_PAGE, PANEL_PORT } from '../shared/tags';
import { database } from '../db/schema';
import { acceptContentPort } from './content-ports';
import { addPanelPort } from './panel-ports';
import { handlePanelRequest, isPanelRequest, type PanelReply } from './panel-requests';
import { isExtensionPage } from './sender-checks';
import { registerHandshakeListeners } from './handshakes';
import { registerSharedWorkerScripts } from './shared-worker-scripts';
import { followBudgetSetting } from './eviction';
import { enqueue } from './ingest-queue';
import { closeOpenConnections } from './sessions';
import { followTabTitle } from './tab-titles';
import { forgetTab, loadTabState } from './tab-state';
import { setPaused } from './pause';
import { summariseSoon } from './summary-builder';
import { mirrorHostAccess } from '../platform/host-access-mirror';
import { forgetDeepCapture, registerDeepCaptureListeners, resumeDeepCapture } from './deep-capture/controller';

browser.runtime.onConnect.addListener((port) => {
  if (port.name === CONTENT_PORT) acceptContentPort(port);
  else if (port.name === PANEL_PORT && isExtensionPage(port.sender)) acceptPanelPort(port);
  else port.disconnect();
});

function acceptPanelPort(port: Runtime.Port): void {
  addPanelPort(port);
  port.onMessage.addListener((message: unknown) => {
    if (isPanelRequest(message)) void handlePanelRequest(message, port).catch((error) => console.error('[wsi] panel request failed', error));
  });
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): Promise<PanelReply> | void => {
  if (!isPanelRequest(message)) return undefined; // Not for us: leave it to other listeners.
  if (!isExtensionPage(sender)) return Promise.resolve({ ok: false, error: 'refused: panel requests come only from extension pages' });
  return handlePanelRequest(message).catch((error: unknown) => ({ ok: false, error: String(error) }));
});

registerHandshakeListeners();
registerSharedWorkerScripts(); // Firefox: the hook in front of Shared Workers' scripts.
followBudgetSetting();
summariseSoon(); // Chunks written while the service worker was stopped, or by an import.
mirrorHostAccess(); // Firefox DevTools panels have no permissions API: they read this copy.
registerDeepCaptureListeners();
void resumeDeepCapture().catch((error: unknown) => console.error('[wsi] deep capture could not resume', error));

// The toolbar button opens the stored sessions, so history is one click away without DevTools.
browser.action.onClicked.addListener(() => void browser.tabs.create({ url: browser.runtime.getURL(HISTORY_PAGE) }));

browser.tabs.onUpdated.addListener((tabId, changes) => {
  if (changes.title !== undefined) followTabTitle(tabId, changes.title);
});

browser.tabs.onRemoved.addListener((tabId) => {
  forgetDeepCapture(tabId);
  void enqueue(async () => {
    const state = await loadTabState(tabId);
    if (state) await closeOpenConnections(database(), state.sessionId, Date.now());
    await forgetTab(tabId);
    await setPaused(tabId, false);
  });
});
