// The worker hook: built into one script (scripts/worker-hook-build.ts) that heads every hooked worker's
// bootstrap (bootstrap.ts); install() runs in the worker before the page's script. It makes the worker
// look like it runs from the script's own URL (url-shims.ts), captures WebSocket and WebSocketStream as
// the page hook does, starts nested workers the same way (worker-capture.ts), sends what it records to
// the hook that started it (parent-link.ts) and takes commands only from there. Classic workers: the
// page's script is loaded here with importScripts; module workers: the bootstrap imports it after this.
import { binaryHandOver } from '../payload-encoding';
import { captureSettings } from '../message-capture';
import { installSocketHook } from '../socket-wrapper';
import { installStreamHook } from '../websocket-stream';
import { routeCommand, type CommandTargets } from '../command-router';
import { addEventListener, apply, removeEventListener, stringIncludes, uncurryGetter, uncurryThis } from '../../worlds/pristine';
import { absoluteUrlArgument, installLocationShim, installRelativeUrlShims, shimConstructor } from './url-shims';
import { installWorkerCapture } from './worker-capture';
import { openParentLink, type ParentLink } from './parent-link';
import { installInterceptor } from '../intercept/interceptor';
import { createInterceptForwarding, type InterceptForwarding } from './intercept-forwarding';
import type { WorkerHookParams } from './port-protocol';

const functionToString = Function.prototype.toString;
const nativeImportScripts = (globalThis as { importScripts?: (...urls: string[]) => void }).importScripts;
const workerOrigin = (globalThis as { origin?: string }).origin ?? '';
const errorOfEvent = uncurryGetter<unknown>(ErrorEvent.prototype, 'error');
const preventDefault = uncurryThis(Event.prototype.preventDefault);
const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
const domExceptionName = uncurryGetter<string>(DOMException.prototype, 'name');
const domExceptionMessage = uncurryGetter<string>(DOMException.prototype, 'message');

export function install(params: WorkerHookParams, boot: (params: WorkerHookParams) => void): void {
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
 * event keeps the script's file and line). If the script could not be loaded at all (from here: the
 * page's policy, inherited by the blob, may refuse what the script's own response would have allowed),
 * the error is kept from the page and the parent starts the worker as the page asked.
 */
function loadClassicScript(scriptUrl: string, parent: ParentLink | null): void {
  let loaded = false;
  const onError = (event: Event): void => {
    removeEventListener(globalThis, 'error', onError, true);
    if (loaded) return;
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
  try {
    apply(nativeImportScripts!, globalThis, [scriptUrl]);
    loaded = true;
  } finally {
    if (loaded) {
      removeEventListener(globalThis, 'error', onError, true);
      parent?.signal({ t: 'started' });
    }
  }
}

/** The message of importScripts' own NetworkError for `scriptUrl`, or null for an error the script threw. */
function loadFailure(event: Event, scriptUrl: string): string | null {
  try {
    const error = errorOfEvent(event);
    if (domExceptionName(error) !== 'NetworkError') return null;
    const message = domExceptionMessage(error);
    return stringIncludes(message, scriptUrl) ? message : null;
  } catch {
    return null;
  }
}
