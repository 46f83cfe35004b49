// Firefox: puts the worker hook in front of each Shared Worker's and Service Worker's script as the browser receives it
// (webRequest.filterResponseData), so the worker's sockets are captured like a dedicated worker's
// (src/page/workers/shared-workers.ts, shared-link.ts, worker-hook.ts). A Shared Worker cannot be
// started from a bootstrap (it is found by its script URL), and its script is the one place our code
// can run in it first.
//
// Which requests: scripts of no tab whose Sec-Fetch-Dest is `sharedworker` or `serviceworker` (Firefox sends it from
// secure contexts only; a page's scripts say `script`, a dedicated worker's `worker` with its tab's
// id), and the modules a module Shared or Service Worker imports (no tab, `worker`, Sec-Fetch-Mode `cors`): a
// module worker's script is requested exactly as a classic one's, and its imports are evaluated
// before its body, so each gets the hook, which runs once, from the first module evaluated
// (worker-boot.ts sharedWorkerPrefix). Also from the HTTP cache (the listener and the filter run for
// cached responses too). The response passes untouched when it is not a successful JavaScript
// response. The prefix is one line: the script's line numbers stay; a UTF-8 BOM stays first, and a
// classic script's "use strict" directive stays its first statement (the prefix goes right after it).
import { browser, type WebRequest } from '../platform/browser';
import { prefixOffset, sharedWorkerChannelName, sharedWorkerPrefix } from '../shared/worker-boot';
import { concatBytes } from '../rfc6455/bytes';
import { headerNamed } from '../shared/headers';

declare const WSI_WORKER_HOOK_SOURCE: string;

type StreamFilter = WebRequest.StreamFilter;

interface Rewrite {
  /** Set from the response's headers: why it passes untouched. */
  untouched: string | null;
}

const rewrites = new Map<string, Rewrite>();
/** How much of the script's start is read before the prefix is placed (a BOM, comments, a "use strict" directive). */
const HEAD_BYTES = 4096;

/** Registers the listeners (Firefox only: Chrome has no filterResponseData); call synchronously at the top level of the background. */
export function registerSharedWorkerScripts(): void {
  const webRequest = browser.webRequest as typeof browser.webRequest & { filterResponseData?: unknown };
  if (typeof WSI_WORKER_HOOK_SOURCE !== 'string' || typeof webRequest.filterResponseData !== 'function') return;
  const filter: WebRequest.RequestFilter = { urls: ['http://*/*', 'https://*/*'], types: ['script'], tabId: -1 };
  browser.webRequest.onBeforeSendHeaders.addListener(
    (details) => {
      if (details.tabId !== -1) return;
      const destination = headerNamed(details.requestHeaders ?? [], 'sec-fetch-dest');
      const moduleImport = destination === 'worker' && headerNamed(details.requestHeaders ?? [], 'sec-fetch-mode') === 'cors';
      // A classic Service Worker's importScripts (`script`, no-cors) need no prefix: its own script runs first.
      if (destination !== 'sharedworker' && destination !== 'serviceworker' && !moduleImport) return;
      const rewrite: Rewrite = { untouched: null };
      try {
        rewrites.set(details.requestId, rewrite);
        addPrefix(browser.webRequest.filterResponseData(details.requestId), rewrite, () => rewrites.delete(details.requestId));
      } catch (error) {
        rewrites.delete(details.requestId);
        console.warn('[wsi] a Shared Worker’s script could not be filtered', error);
      }
    },
    filter,
    ['blocking', 'requestHeaders'],
  );
  browser.webRequest.onHeadersReceived.addListener(
    (details) => {
      const rewrite = rewrites.get(details.requestId);
      if (!rewrite) return;
      const type = (headerNamed(details.responseHeaders ?? [], 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (details.statusCode < 200 || details.statusCode > 299) rewrite.untouched = `status ${details.statusCode}`;
      else if (!/^(text|application)\/(x-)?(java|ecma)script$/.test(type)) rewrite.untouched = `not JavaScript (${type || 'no type'})`;
    },
    filter,
    ['blocking', 'responseHeaders'],
  );
}

let encodedPrefix: Uint8Array | null = null;

/** The prefix's bytes, the same for every script: made once (the hook's text is large). */
function hookPrefix(): Uint8Array {
  encodedPrefix ??= new TextEncoder().encode(
    sharedWorkerPrefix(WSI_WORKER_HOOK_SOURCE, { sharedChannel: sharedWorkerChannelName(browser.runtime.getURL('/')), binaryAsBytes: false }),
  );
  return encodedPrefix;
}

/** Passes the response through `filter`, with the prefix in its head unless the response is not one to touch. */
function addPrefix(filter: StreamFilter, rewrite: Rewrite, done: () => void): void {
  let head: Uint8Array[] = [];
  let headLength = 0;
  let headWritten = false;
  const writeHead = (): void => {
    headWritten = true;
    const bytes = concatBytes(head);
    head = [];
    if (rewrite.untouched !== null) {
      filter.write(bytes);
      return;
    }
    const prefix = hookPrefix();
    const at = prefixOffset(bytes);
    filter.write(bytes.subarray(0, at));
    filter.write(prefix);
    filter.write(bytes.subarray(at));
  };
  filter.ondata = (event) => {
    if (headWritten) {
      filter.write(event.data);
      return;
    }
    const chunk = new Uint8Array(event.data);
    head.push(chunk);
    headLength += chunk.length;
    if (headLength >= HEAD_BYTES) writeHead();
  };
  filter.onstop = () => {
    if (!headWritten) writeHead();
    filter.close();
    done();
  };
  filter.onerror = () => done();
}
