// Deep capture: Chrome's debugger attached to the shared and service workers of the origins of tabs
// whose panel turned it on, their Network domain's WebSocket events stored in those tabs' sessions.
// Page sockets are never taken this way (the page hook has them): only targets the debugger lists as
// "worker" (shared and service workers; dedicated workers are "other"), each confirmed by its own
// Target.getTargetInfo before its events are read. Chrome shows its "started debugging this browser"
// banner while any target is attached.
import { browser } from '../../platform/browser';
import { debuggerApi, type DebuggerApi } from '../../platform/debugger';
import { getSettings } from '../../platform/settings';
import type { DeepCaptureState, WorkerContext } from '../../shared/models';
import { postToWatchers } from '../panel-ports';
import { parseNetworkSocketEvent } from './cdp-network';
import { SocketEventTranslator, injectedMessageUpdate } from './socket-events';
import { storeDeepUpdate, writeDeepUpdate } from './deep-writer';
import { enqueue } from '../ingest-queue';
import { actOnWorkerSocket, type WorkerSocketAction } from './worker-send';
import { database } from '../../db/schema';
import type { PayloadInput } from '../../shared/messages';
import { loadTabState } from '../tab-state';

/** How often the debugger's target list is read while deep capture is on: workers start at any time, and no event says so. */
const SCAN_INTERVAL_MS = 500;
/** Tabs with deep capture on, in storage.session: a restarted background takes them up again. */
const TABS_KEY = 'deepCaptureTabs';
const WORKER_TYPES: Record<string, 'shared' | 'service'> = { shared_worker: 'shared', service_worker: 'service' };

interface AttachedWorker {
  origin: string;
  worker: WorkerContext;
  translator: SocketEventTranslator;
}

interface TabCapture {
  status: 'on' | 'failed';
  reason?: string;
  origin: string;
  pageUrl: string;
}

const tabs = new Map<number, TabCapture>();
const attached = new Map<string, AttachedWorker>();
/** Targets being attached or refused: not tried again while pending, nor ever when refused (e.g. a dedicated worker). */
const pending = new Set<string>();
const refused = new Set<string>();
let scanTimer: ReturnType<typeof setInterval> | undefined;
let maxPayloadBytes = 10 * 1024 * 1024;
/** The worker target of each socket seen (by the debugger's request id), to send on it; bounded. */
const socketTargets = new Map<string, string>();
const MAX_SOCKET_TARGETS = 10_000;
/** Payloads the panel had sent on a socket, awaiting their frame: it is recorded as replayed, not as the worker's. */
const expectedReplays = new Map<string, string[]>();
let listening = false;

export function deepCaptureState(tabId: number): DeepCaptureState {
  if (!debuggerApi()) {
    const reason =
      'Deep capture needs Chrome’s debugger API: Chromium only. Here Shared and Service Workers’ sockets are captured without it, on https and localhost pages (their scripts get the hook).';
    return { status: 'unavailable', reason, workers: [] };
  }
  const tab = tabs.get(tabId);
  if (!tab) return { status: 'off', workers: [] };
  const workers = [...attached.values()]
    .filter((entry) => entry.origin === tab.origin)
    .map(({ worker }) => ({ kind: worker.kind === 'service' ? ('service' as const) : ('shared' as const), scriptUrl: worker.scriptUrl }));
  return { status: tab.status, ...(tab.reason ? { reason: tab.reason } : {}), workers };
}

function announce(tabId: number): void {
  postToWatchers(tabId, { t: 'deep-capture', tabId, state: deepCaptureState(tabId) });
}

/** Turns deep capture on or off for `tabId`; resolves once the workers there now are attached (or it failed). */
export async function setDeepCapture(tabId: number, on: boolean): Promise<void> {
  const api = debuggerApi();
  if (!api) return announce(tabId);
  if (!on) {
    tabs.delete(tabId);
    await saveTabs();
    await detachUnwanted(api);
    if (tabs.size === 0) stopScanning();
    return announce(tabId);
  }
  const pageUrl = (await browser.tabs.get(tabId)).url ?? '';
  const origin = httpOrigin(pageUrl);
  if (!origin) {
    tabs.set(tabId, { status: 'failed', reason: 'deep capture follows http(s) pages only', origin: '', pageUrl });
    return announce(tabId);
  }
  tabs.set(tabId, { status: 'on', origin, pageUrl });
  await saveTabs();
  maxPayloadBytes = (await getSettings()).maxPayloadBytes;
  if (!scanTimer) scanTimer = setInterval(() => void scan(api), SCAN_INTERVAL_MS);
  await scan(api);
  announce(tabId);
}

/** A closed tab stops wanting its workers. */
export function forgetDeepCapture(tabId: number): void {
  const api = debuggerApi();
  if (!api || !tabs.delete(tabId)) return;
  void saveTabs();
  void detachUnwanted(api);
  if (tabs.size === 0) stopScanning();
}

/** Takes up deep capture where a stopped background left it (its attachments went with it). Call at start-up. */
export async function resumeDeepCapture(): Promise<void> {
  if (!debuggerApi()) return;
  const stored = (await browser.storage.session.get(TABS_KEY))[TABS_KEY];
  const tabIds = Array.isArray(stored) ? stored.filter((id): id is number => Number.isSafeInteger(id)) : [];
  for (const tabId of tabIds) {
    if (tabs.has(tabId)) continue;
    await setDeepCapture(tabId, true).catch(() => tabs.delete(tabId)); // The tab closed meanwhile.
  }
  await saveTabs();
}

/**
 * Sends or injects `payload` on a deep-captured socket of `tabId`'s current session, in its worker
 * (worker-send.ts); resolves '' once done, else why not. A sent frame is recorded as replayed when the
 * debugger reports it; an injected message, which no event reports, is recorded here as injected.
 */
export async function commandOnDeepConnection(tabId: number, connectionId: string, action: WorkerSocketAction, payload: PayloadInput): Promise<string> {
  const api = debuggerApi();
  if (!api) return 'deep capture needs Chrome’s debugger';
  const [, sessionId, requestId] = /^debugger:([^/]+)\/(.+)$/.exec(connectionId) ?? [];
  if (!sessionId || !requestId) return 'not a deep-captured connection';
  if ((await loadTabState(tabId))?.sessionId !== sessionId) return 'the connection is not in this tab’s current page';
  const connection = await database().connections.get(connectionId);
  if (!connection) return 'no such connection';
  const targetId = socketTargets.get(requestId) ?? [...attached].find(([, entry]) => entry.worker.scriptUrl === connection.worker?.scriptUrl)?.[0];
  const entry = targetId === undefined ? undefined : attached.get(targetId);
  if (!targetId || !entry) return 'its worker is not attached: turn Deep capture (workers) on';
  if (action === 'inject') {
    // Injected and stored in one job of the ingest queue: what the worker's listeners send in answer,
    // reported by the debugger meanwhile, is stored after the message that caused it.
    return enqueue(async () => {
      const { error, binaryType } = await actOnWorkerSocket(api, targetId, connection.url, 'inject', payload);
      const update = error ? null : injectedMessageUpdate(requestId, payload, binaryType ?? '', Date.now(), maxPayloadBytes);
      if (update) for (const [tabId, tab] of watchingTabs(entry)) await writeDeepUpdate(tabId, tab.pageUrl, entry.worker, update);
      return error;
    });
  }
  const expected = expectedReplays.get(requestId) ?? [];
  expectedReplays.set(requestId, [...expected, payload.data]);
  const { error } = await actOnWorkerSocket(api, targetId, connection.url, 'send', payload);
  if (error) takeExpectedReplay(requestId, payload.data);
  return error;
}

/** The tabs following the worker's origin (a Shared Worker serves several). */
function watchingTabs(entry: AttachedWorker): [number, TabCapture][] {
  return [...tabs].filter(([, tab]) => tab.status === 'on' && tab.origin === entry.origin);
}

function takeExpectedReplay(requestId: string, payloadData: string): boolean {
  const expected = expectedReplays.get(requestId);
  const index = expected?.indexOf(payloadData) ?? -1;
  if (index < 0) return false;
  expected!.splice(index, 1);
  if (expected!.length === 0) expectedReplays.delete(requestId);
  return true;
}

async function saveTabs(): Promise<void> {
  const on = [...tabs].filter(([, tab]) => tab.status === 'on').map(([tabId]) => tabId);
  await browser.storage.session.set({ [TABS_KEY]: on });
}

function stopScanning(): void {
  clearInterval(scanTimer);
  scanTimer = undefined;
}

/**
 * Registers the debugger's listeners; call synchronously at the top level of the background: an attached
 * session outlives a stopped service worker, and its events restart the worker only for listeners present at start-up.
 */
export function registerDeepCaptureListeners(): void {
  const api = debuggerApi();
  if (api) listen(api);
}

function listen(api: DebuggerApi): void {
  if (listening) return;
  listening = true;
  api.onEvent((targetId, method, params) => {
    const entry = attached.get(targetId);
    const event = entry && parseNetworkSocketEvent(method, params);
    if (!entry || !event) return;
    const update = entry.translator.translate(event, Date.now(), maxPayloadBytes);
    if (!update) return;
    if (!socketTargets.has(event.requestId)) {
      if (socketTargets.size >= MAX_SOCKET_TARGETS) socketTargets.delete(socketTargets.keys().next().value!);
      socketTargets.set(event.requestId, targetId);
    }
    if (event.t === 'frame' && event.dir === 'send' && takeExpectedReplay(event.requestId, event.payloadData)) {
      update.events = update.events.map((relayed) => (relayed.t === 'message' ? { ...relayed, origin: 'replayed' } : relayed));
    }
    for (const [tabId, tab] of watchingTabs(entry)) {
      void storeDeepUpdate(tabId, tab.pageUrl, entry.worker, update).catch((error: unknown) => console.error('[wsi] deep capture store failed', error));
    }
  });
  api.onDetach((targetId, reason) => {
    const entry = attached.get(targetId);
    if (!entry) return;
    attached.delete(targetId);
    for (const [tabId, tab] of tabs) {
      if (tab.origin !== entry.origin) continue;
      // The user closed Chrome's banner ("Cancel"): every attachment went, and deep capture is off until asked again.
      if (reason === 'canceled_by_user') tabs.set(tabId, { ...tab, status: 'failed', reason: 'stopped from Chrome’s debugging banner' });
      announce(tabId);
    }
    void saveTabs();
  });
}

function httpOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : '';
  } catch {
    return '';
  }
}

async function scan(api: DebuggerApi): Promise<void> {
  const wanted = new Set([...tabs.values()].filter((tab) => tab.status === 'on').map((tab) => tab.origin));
  if (wanted.size === 0) return;
  let targets;
  try {
    targets = await api.getTargets();
  } catch {
    return; // Tried again at the next scan.
  }
  const attaching = targets
    .filter((target) => target.type === 'worker' && !attached.has(target.id) && !pending.has(target.id) && !refused.has(target.id))
    .filter((target) => wanted.has(httpOrigin(target.url)))
    .map((target) => attachWorker(api, target.id, target.url));
  await Promise.all(attaching);
}

async function attachWorker(api: DebuggerApi, targetId: string, url: string): Promise<void> {
  pending.add(targetId);
  const origin = httpOrigin(url);
  try {
    await api.attach(targetId);
  } catch (error) {
    // A session this extension opened before its service worker was stopped outlives it: taken up as is.
    const ours = await api.send(targetId, 'Target.getTargetInfo').then(
      () => true,
      () => false,
    );
    if (!ours) {
      pending.delete(targetId);
      failTabsOf(api, origin, `Chrome refused to attach to ${url}: ${errorText(error)}`);
      return;
    }
  }
  try {
    const info = (await api.send(targetId, 'Target.getTargetInfo')) as { targetInfo?: { type?: unknown } } | undefined;
    const kind = WORKER_TYPES[String(info?.targetInfo?.type)];
    if (!kind) {
      refused.add(targetId);
      await api.detach(targetId).catch(() => undefined);
      return;
    }
    // Listed before Network.enable: its first events may come before the command's answer.
    attached.set(targetId, { origin, worker: { kind, scriptUrl: url, name: '' }, translator: new SocketEventTranslator({ kind, scriptUrl: url, name: '' }) });
    await api.send(targetId, 'Network.enable');
  } catch (error) {
    attached.delete(targetId);
    await api.detach(targetId).catch(() => undefined);
    failTabsOf(api, origin, `Chrome's debugger failed on ${url}: ${errorText(error)}`);
  } finally {
    pending.delete(targetId);
  }
}

/** Deep capture stops for the tabs of `origin`, with the reason shown, and their other workers are let go. */
function failTabsOf(api: DebuggerApi, origin: string, reason: string): void {
  for (const [tabId, tab] of tabs) {
    if (tab.origin !== origin) continue;
    tabs.set(tabId, { ...tab, status: 'failed', reason });
    announce(tabId);
  }
  void saveTabs();
  void detachUnwanted(api);
}

async function detachUnwanted(api: DebuggerApi): Promise<void> {
  const wanted = new Set([...tabs.values()].filter((tab) => tab.status === 'on').map((tab) => tab.origin));
  for (const [targetId, entry] of attached) {
    if (wanted.has(entry.origin)) continue;
    attached.delete(targetId);
    await api.detach(targetId).catch(() => undefined); // Already gone: nothing to detach.
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
