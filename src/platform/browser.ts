// The only import of webextension-polyfill (archived upstream): swap this module to drop it.
import browser from 'webextension-polyfill';

export type { Runtime, Tabs, WebRequest } from 'webextension-polyfill';
export { browser };

/** The origin of our own pages, e.g. "chrome-extension://abc…/": senders from here are extension pages. */
export function extensionOrigin(): string {
  return browser.runtime.getURL('/');
}

/**
 * Whether webRequest accepts 'extraHeaders' (Chrome: needed to see Cookie and some Sec-* headers).
 * Firefox has no such option and rejects unknown extraInfoSpec values, so it must be feature-detected.
 */
export function webRequestHasExtraHeaders(): boolean {
  const chromeApi = (globalThis as { chrome?: { webRequest?: { OnSendHeadersOptions?: Record<string, string> } } }).chrome;
  return chromeApi?.webRequest?.OnSendHeadersOptions?.EXTRA_HEADERS !== undefined;
}
