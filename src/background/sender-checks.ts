// Who is talking: our extension pages may control the extension; our content scripts may only
// deliver captured data. A content script runs in a page's renderer, so it never gets panel powers.
import { browser, extensionOrigin, type Runtime } from '../platform/browser';

export function isExtensionPage(sender: Runtime.MessageSender | undefined): boolean {
  if (!sender || sender.id !== browser.runtime.id) return false;
  // Content scripts always carry the page's URL and tab; extension pages carry our own origin.
  if (typeof sender.url === 'string') return sender.url.startsWith(extensionOrigin());
  return sender.tab === undefined;
}

export function isOwnContentScript(sender: Runtime.MessageSender | undefined): boolean {
  if (!sender || sender.id !== browser.runtime.id) return false;
  if (typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin())) return false;
  return typeof sender.tab?.id === 'number' && sender.tab.id >= 0 && typeof sender.frameId === 'number';
}
