// The worker hook: built into one script (scripts/worker-hook-build.ts) that heads every hooked worker's
// bootstrap (bootstrap.ts); install() runs in the worker before the page's script. It makes the worker
// look like it runs from the script's own URL (url-shims.ts), captures WebSocket and WebSocketStream as
// the page hook does, starts nested workers the same way (worker-capture.ts), sends what it records to
// the hook that started it (parent-link.ts) and takes commands only from there. Classic workers: the
// page's script is loaded here with importScripts; module workers: the bootstrap imports it after this.
// A Firefox Shared Worker runs this from a prefix of its own script (installShared): it already runs
// from its URL, and talks to the page hooks of the documents using it (shared-link.ts).
import { binaryHandOver } from '../payload-encoding';
import { captureSettings } from '../message-capture';
import { installSocketHook } from '../socket-wrapper';
import { installStreamHook } from '../websocket-stream';
import { routeCommand, type CommandTargets } from '../command-router';
import {
  addEventListener,
  apply,
  defineProperty,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  removeEventListener,
  stringIncludes,
  uncurryGetter,
  uncurryThis,
} from '../../worlds/pristine';
import { absoluteUrlArgument, installLocationShim, installRelativeUrlShims, shimConstructor } from './url-shims';
import { installWorkerCapture } from './worker-capture';
import { openParentLink, type ParentLink } from './parent-link';
import { installInterceptor } from '../intercept/interceptor';
import { createInterceptForwarding, type InterceptForwarding } from './intercept-forwarding';
import type { WorkerHookParams } from './port-protocol';
import { sharedWorkerChannelName, type SharedWorkerHookParams } from '../../shared/worker-boot';
import { openSharedLink } from './shared-link';

const functionToString = Function.prototype.toString;
const functionBind = Function.prototype.bind;
const nativeQueueMicrotask = queueMicrotask;
const nativeImportScripts = (globalThis as { importScripts?: (...urls: string[]) => void }).importScripts;
const workerOrigin = (globalThis as { origin?: string }).origin ?? '';
const errorOfEvent = uncurryGetter<unknown>(ErrorEvent.prototype, 'error');
const filenameOfEvent = uncurryGetter<string>(ErrorEvent.prototype, 'filename');
const preventDefault = uncurryThis(Event.prototype.preventDefault);
const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
const domExceptionName = uncurryGetter<string>(DOMException.prototype, 'name');
const domExceptionMessage = uncurryGetter<string>(DOMException.prototype, 'message');

type Scope = abstract new () => object;
const SharedWorkerScope = (globalThis as { SharedWorkerGlobalScope?: Scope }).SharedWorkerGlobalScope;
const ServiceWorkerScope = (globalThis as { ServiceWorkerGlobalScope?: Scope }).ServiceWorkerGlobalScope;
/** Which worker the Firefox prefix runs in: it runs from a Shared or Service Worker's own script only. */
const sharedKind = (): 'shared' | 'service' | null =>
  SharedWorkerScope && globalThis instanceof SharedWorkerScope ? 'shared' : ServiceWorkerScope && globalThis instanceof ServiceWorkerScope ? 'service' : null;
const locationHref = (globalThis as { location?: object }).location ? uncurryGetter<string>(getPrototypeOf(globalThis.location) as object, 'href') : null;
const selfName = (): string => {
  const name = (globalThis as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
};

export function install(params: WorkerHookParams | SharedWorkerHookParams, boot: (params: WorkerHookParams) => void): void {
  if ('sharedChannel' in params) {
    // Only Firefox's background puts the hook in front of Shared Worker scripts: every hooked worker
    // compiles this script, and the Chrome build leaves that code out.
    if (import.meta.env.MODE === 'firefox') installShared(params, boot);
  } else installDedicated(params, boot);
}

/**
 * In a Shared Worker or a Service Worker, before its script: captures as in a dedicated worker, without shims (the script
 * runs from its own URL). A Service Worker has no name: its key is its script URL. Anywhere else (the background cannot tell every request apart), and after
 * the first time in a worker, it does nothing: each module of a module worker carries its own copy
 * (worker-boot.ts sharedWorkerPrefix), so the first copy marks the worker with a non-enumerable
 * property whose name is made from the channel's (a page's script could see that some name is there;
 * not the channel's).
 */
function installShared(params: SharedWorkerHookParams, boot: (params: WorkerHookParams) => void): void {
  try {
    const kind = sharedKind();
    if (!kind || !locationHref) return;
    const mark = sharedWorkerChannelName(`${params.sharedChannel}#installed`);
    if (getOwnPropertyDescriptor(globalThis, mark)) return;
    defineProperty(globalThis, mark, { value: true });
    binaryHandOver.asBytes = params.binaryAsBytes;
    const scriptUrl = locationHref(globalThis.location);
    let targets: CommandTargets | null = null;
    const link = openSharedLink(params.sharedChannel, { kind, scriptUrl, name: kind === 'shared' ? selfName() : '' }, (command, reply) => {
      if (targets) routeCommand(command, targets, reply);
    });
    // Intercept stays the pages' own: a Shared Worker's sockets are not held (its documents may have different rules).
    installInterceptor(link.emit);
    const sockets = installSocketHook(link.emit);
    const streams = installStreamHook(link.emit);
    const workers = installWorkerCapture({
      emit: link.emit,
      baseUrl: () => scriptUrl,
      origin: workerOrigin,
      bootSource: apply(functionToString, boot, []) as string,
      binaryAsBytes: params.binaryAsBytes,
      firstCommands: () => [],
    });
    targets = { sockets, streams, workers };
  } catch {
    // Capture is best effort: the worker's script runs all the same.
  }
}

function installDedicated(params: WorkerHookParams, boot: (params: WorkerHookParams) => void): void {
  let parent: ParentLink | null = null;
  try {
    binaryHandOver.asBytes = params.binaryAsBytes;
    captureSettings.maxPayloadBytes = params.maxPayloadBytes;
    let targets: CommandTargets | null = null;
    let intercept: InterceptForwarding | null = null;
    const link = openParentLink(params.nonce, (command) => {
      if (intercept?.handle(command)) return;
      if (targets) routeCommand(command, targets, link.emit);
    });
    parent = link;
    const interceptor = installInterceptor(link.emit);
    // Until the parent's first commands: its rules may already be in force (intercept-forwarding.ts).
    interceptor.handle({ t: 'intercept-await' });
    intercept = createInterceptForwarding(interceptor, true);
    installLocationShim(params.scriptUrl);
    installRelativeUrlShims(params.scriptUrl);
    const sockets = installSocketHook(link.emit);
    // Over the hook's WebSocket: a relative socket URL resolves against the script's URL, not the blob's.
    shimConstructor('WebSocket', params.scriptUrl);
    const streams = installStreamHook(link.emit, (url) => absoluteUrlArgument(url, params.scriptUrl));
    const workers = installWorkerCapture({
      emit: link.emit,
      baseUrl: () => params.scriptUrl,
      origin: workerOrigin,
      bootSource: apply(functionToString, boot, []) as string,
      binaryAsBytes: params.binaryAsBytes,
      firstCommands: intercept.forNewWorker,
    });
    intercept.workers = workers;
    targets = { sockets, streams, workers };
  } catch {
    // Capture is best effort: the page's script runs all the same.
  }
  if (params.type === 'module') parent?.signal({ t: 'started' });
  else loadClassicScript(params.scriptUrl, parent);
}

/**
 * Loads the page's classic script. An exception it throws propagates untouched (no catch: the error
 * event keeps the script's file and line). It runs from a microtask as the bound native importScripts,
 * so no frame of ours is below it: its stack traces end at its own top level, as without us, and never
 * show the bootstrap's blob: URL with its parameters. The microtask runs right after the bootstrap, before
 * any task (the page's messages). If the script could not be loaded at all (from here: the page's
 * policy, inherited by the blob, may refuse what the script's own response would have allowed), the
 * error is kept from the page and the parent starts the worker as the page asked. An uncaught exception
 * in a microtask is reported (the error event) before the next microtask runs.
 */
function loadClassicScript(scriptUrl: string, parent: ParentLink | null): void {
  let settled = false;
  const onError = (event: Event): void => {
    removeEventListener(globalThis, 'error', onError, true);
    if (settled) return;
    settled = true;
    const failure = loadFailure(event, scriptUrl);
    if (failure === null) {
      parent?.signal({ t: 'started' });
      return;
    }
    if (!parent) return;
    preventDefault(event);
    stopImmediatePropagation(event);
    parent.signal({ t: 'fallback', reason: failure });
  };
  addEventListener(globalThis, 'error', onError, true);
  nativeQueueMicrotask(apply(functionBind, nativeImportScripts!, [globalThis, scriptUrl]) as () => void);
  nativeQueueMicrotask(() => {
    if (settled) return;
    settled = true;
    removeEventListener(globalThis, 'error', onError, true);
    parent?.signal({ t: 'started' });
  });
}

/**
 * The message of importScripts' own NetworkError for `scriptUrl`, or null for an error the script threw.
 * Chromium names the script in the message; Firefox does not ("A network error occurred."), but reports
 * the error with no file: it was thrown with no script below it, by the native importScripts run as a microtask.
 */
function loadFailure(event: Event, scriptUrl: string): string | null {
  try {
    const error = errorOfEvent(event);
    if (domExceptionName(error) !== 'NetworkError') return null;
    const message = domExceptionMessage(error);
    return stringIncludes(message, scriptUrl) || filenameOfEvent(event) === '' ? message : null;
  } catch {
    return null;
  }
}
