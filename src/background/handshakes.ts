// WebSocket handshakes from webRequest: request headers, status line and response headers, timing.
// Events update the stored HandshakeRecord in the ingest queue (those that arrive while it is busy
// in one transaction), so matching never races a batch creating the connection.
import { browser, webRequestHasExtraHeaders, type WebRequest } from '../platform/browser';
import { database } from '../db/schema';
import type { HandshakeRecord, HeaderPair } from '../shared/models';
import { enqueue } from './ingest-queue';
import { normalizeSocketUrl } from './connections';
import { matchHandshake } from './handshake-matching';
import { rememberTablessHandshake } from './shared-worker-handshakes';

type Details = { requestId: string; tabId: number; frameId: number; url: string; timeStamp: number };

function headerPairs(headers: WebRequest.HttpHeaders | undefined): HeaderPair[] {
  return (headers ?? []).map((header) => ({
    name: header.name,
    value: header.value ?? new TextDecoder().decode(new Uint8Array(header.binaryValue ?? [])),
  }));
}

/** Handshake events not yet written, merged per request: a page reconnecting in a loop sends four per socket. */
const pending = new Map<string, { details: Details; changes: Partial<HandshakeRecord> }>();
let flushQueued = false;

function update(details: Details, changes: Partial<HandshakeRecord>): void {
  if (details.tabId < 0) {
    // Not from a tab: a Firefox Shared Worker's (kept for the tabs using it), or another extension's worker.
    const copies = rememberTablessHandshake(details.requestId, normalizeSocketUrl(details.url), details.timeStamp, changes);
    for (const requestId of copies) queue({ ...details, requestId }, changes);
    return;
  }
  queue(details, changes);
}

function queue(details: Details, changes: Partial<HandshakeRecord>): void {
  const earlier = pending.get(details.requestId);
  pending.set(details.requestId, { details: earlier?.details ?? details, changes: { ...earlier?.changes, ...changes } });
  if (flushQueued) return;
  flushQueued = true;
  // One queued transaction takes every event that arrived before it runs.
  void enqueue(async () => {
    flushQueued = false;
    const updates = [...pending.values()];
    pending.clear();
    await writeHandshakes(updates);
  });
}

async function writeHandshakes(updates: readonly { details: Details; changes: Partial<HandshakeRecord> }[]): Promise<void> {
  const db = database();
  await db.transaction('rw', [db.handshakes, db.connections], async () => {
    for (const { details, changes } of updates) {
      const existing = await db.handshakes.get(details.requestId);
      const record: HandshakeRecord = {
        requestId: details.requestId,
        tabId: details.tabId,
        frameId: details.frameId,
        url: normalizeSocketUrl(details.url),
        startedAt: details.timeStamp,
        requestHeaders: [],
        connectionId: '',
        ...existing,
        ...changes,
      };
      await db.handshakes.put(await matchHandshake(db, record));
    }
  });
}

/** Registers the listeners; call synchronously at the top level of the background. */
export function registerHandshakeListeners(): void {
  const filter: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };
  const extra = webRequestHasExtraHeaders() ? (['extraHeaders'] as const) : [];
  const onSendHeaders = browser.webRequest.onSendHeaders as unknown as {
    addListener(listener: (details: WebRequest.OnSendHeadersDetailsType) => void, filter: WebRequest.RequestFilter, spec: string[]): void;
  };
  onSendHeaders.addListener((details) => update(details, { requestHeaders: headerPairs(details.requestHeaders) }), filter, ['requestHeaders', ...extra]);
  const onHeadersReceived = browser.webRequest.onHeadersReceived as unknown as {
    addListener(listener: (details: WebRequest.OnHeadersReceivedDetailsType) => void, filter: WebRequest.RequestFilter, spec: string[]): void;
  };
  onHeadersReceived.addListener(
    (details) =>
      update(details, {
        statusCode: details.statusCode,
        statusLine: details.statusLine,
        responseHeaders: headerPairs(details.responseHeaders),
      }),
    filter,
    ['responseHeaders', ...extra],
  );
  browser.webRequest.onCompleted.addListener((details) => update(details, { completedAt: details.timeStamp }), filter);
  browser.webRequest.onErrorOccurred.addListener((details) => update(details, { completedAt: details.timeStamp, error: details.error }), filter);
}
