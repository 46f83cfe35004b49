// Starts the page's dedicated workers through a bootstrap (bootstrap.ts) that installs the worker hook
// before the page's script, and carries what the worker hook captures up to `emit`. Runs in the page
// and, for nested workers, in every hooked worker.
//
// The page gets the genuine Worker object it would have got (constructed with the bootstrap's URL).
// Until the worker says its script has `started`, a copy of each message the page posts is kept, in
// order, for the case the bootstrap fails; the message itself goes to the worker at once, so a worker
// answers as soon as it would without us. A message with transfers (a port cannot be copied) is held
// instead, cloned with its transfers (which detach as they would), and it and every later one
// are posted once the worker has started. When the bootstrap cannot run, the worker is started
// exactly as the page asked (its URL, its options), gets the kept messages, and is listed as not
// captured, with the reason:
//  - known before trying (a <meta> CSP, a Trusted Types policy, an earlier refusal; bootstrap-policy.ts),
//    or the constructor throws (Trusted Types, Firefox's CSP check): the page's own call, at once;
//  - refused while loading (a CSP response header: an `error` Event, not an ErrorEvent, on the
//    worker before it started; or the hook's own `fallback` when importScripts could not load the
//    script): a second worker started as the page asked, the page's Worker object relaying to it
//    (its messages and errors re-dispatched, its postMessage and terminate passed on).
// A bootstrap fails the same way when the page's script itself cannot be loaded (a 404, say): unless a
// violation report named the bootstrap, the reason waits for the second worker (fallback-outcome.ts),
// and when it fails too, the worker is listed as one that did not start, which is what the page sees.
// Errors the page's script throws (ErrorEvents) pass untouched.
import type { ContentToPage, HookEvent } from '../../shared/messages';
import type { WorkerContext } from '../../shared/models';
import { captureSettings } from '../message-capture';
import { disguisedProxy, replaceValue } from '../native-disguise';
import {
  NativeMap,
  NativeString,
  NativeWeakMap,
  addEventListener,
  apply,
  construct,
  dispatchEvent,
  getOwnPropertyDescriptor,
  isArray,
  isTrustedEvent,
  mapGet,
  mapSet,
  newList,
  now,
  randomUUID,
  setPrototypeOf,
  uncurryGetter,
  uncurryThis,
  weakMapGet,
  weakMapSet,
  type List,
} from '../../worlds/pristine';
import { afterDelay } from '../../worlds/page-proof-timer';
import { makeBootstrap, type Bootstrap } from './bootstrap';
import { createBootstrapPolicy } from './bootstrap-policy';
import { readChildMessage } from './worker-events';
import { isErrorEvent, watchFallback } from './fallback-outcome';
import type { ParentToChild, WorkerHookParams } from './port-protocol';

const NativeWorker: typeof Worker | undefined = typeof Worker === 'function' ? Worker : undefined;
const NativeMessageChannel = MessageChannel;
const NativeMessageEvent = MessageEvent;
const NativeErrorEvent: typeof ErrorEvent | undefined = typeof ErrorEvent === 'function' ? ErrorEvent : undefined;
const NativeEvent = Event;
const NativeURL = URL;
const nativeStructuredClone = structuredClone;
const channelPort1 = uncurryGetter<MessagePort>(MessageChannel.prototype, 'port1');
const channelPort2 = uncurryGetter<MessagePort>(MessageChannel.prototype, 'port2');
const portPostMessage = uncurryThis(MessagePort.prototype.postMessage) as (port: MessagePort, message: unknown, transfer?: Transferable[]) => void;
const portStart = uncurryThis(MessagePort.prototype.start);
const messageData = uncurryGetter<unknown>(MessageEvent.prototype, 'data');
const messagePorts = uncurryGetter<readonly MessagePort[]>(MessageEvent.prototype, 'ports');
const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
const preventDefault = uncurryThis(Event.prototype.preventDefault);
const defaultPrevented = uncurryGetter<boolean>(Event.prototype, 'defaultPrevented');
const errorEventFields = NativeErrorEvent
  ? {
      message: uncurryGetter<string>(NativeErrorEvent.prototype, 'message'),
      filename: uncurryGetter<string>(NativeErrorEvent.prototype, 'filename'),
      lineno: uncurryGetter<number>(NativeErrorEvent.prototype, 'lineno'),
      colno: uncurryGetter<number>(NativeErrorEvent.prototype, 'colno'),
      error: uncurryGetter<unknown>(NativeErrorEvent.prototype, 'error'),
    }
  : null;
const urlHref = uncurryGetter<string>(URL.prototype, 'href');
const urlProtocol = uncurryGetter<string>(URL.prototype, 'protocol');
const urlOrigin = uncurryGetter<string>(URL.prototype, 'origin');
const trustedScriptUrl = (globalThis as { TrustedScriptURL?: { prototype: object } }).TrustedScriptURL;
const trustedScriptUrlToString = trustedScriptUrl ? (getOwnPropertyDescriptor(trustedScriptUrl.prototype, 'toString')?.value as () => string) : undefined;
const trustedTypesObject = (globalThis as { trustedTypes?: object }).trustedTypes;
const isScriptUrl = trustedTypesObject ? ((trustedTypesObject as { isScriptURL?: (value: unknown) => boolean }).isScriptURL ?? null) : null;

/** A link to a hooked worker, for commands aimed at its connections. */
export interface ChildLink {
  post(command: ContentToPage): void;
}

export interface WorkerCapture {
  /** The worker a connection (hook id) was reported from, if it was. */
  route(conn: string): ChildLink | undefined;
  /** Passes a command (the capture settings) to every hooked worker. */
  broadcast(command: ContentToPage): void;
}

export interface WorkerCaptureOptions {
  emit(event: HookEvent): void;
  /** The base a relative worker URL resolves against: the document's base URL, or the hooked worker's script URL. */
  baseUrl(): string;
  /** This context's origin, as the Worker constructor compares it. */
  origin: string;
  /** The bootstrap's function (src/shared/worker-boot.ts, bootFunctionSource); '' to start every worker as without us. */
  bootSource: string;
  binaryAsBytes: boolean;
  /** Commands a worker gets first on its port (intercept-forwarding.ts: the rules and breakpoints in force). */
  firstCommands(): ContentToPage[];
}

type HookedState = 'holding' | 'running' | 'fallback' | 'terminated';

interface HookedWorker {
  worker: Worker;
  state: HookedState;
  /** Messages the page posted before the worker's script started, in order: copies of those posted, clones of those held. */
  held: List<EarlyMessage>;
  /** The worker started as the page asked, when the bootstrap could not run. */
  fallback: Worker | null;
  port: MessagePort;
  bootstrap: Bootstrap;
  context: WorkerContext;
  /** The page's own constructor arguments, for the fallback. */
  request: WorkerRequest;
}

interface EarlyMessage {
  message: unknown;
  transfer: Transferable[];
  /** Already posted to the bootstrapped worker: kept only for a fallback. */
  posted: boolean;
}

interface WorkerRequest {
  /** The URL argument as the native constructor takes it (a string, or the page's TrustedScriptURL). */
  urlArgument: unknown;
  /** The URL argument is the page's TrustedScriptURL. */
  trustedUrl: boolean;
  options: WorkerOptions;
  scriptUrl: string;
  type: 'classic' | 'module';
  name: string;
}

const AS_WITHOUT = 'the page’s Worker got an error event, as it does without the extension';
const NOT_LOADED_CLASSIC = `its script could not be loaded; ${AS_WITHOUT}`;
const NOT_LOADED_MODULE = `its script, or a module it imports, could not be loaded or did not parse; ${AS_WITHOUT}`;

export function installWorkerCapture(options: WorkerCaptureOptions): WorkerCapture | null {
  if (!NativeWorker) return null;
  const nativeWorker = NativeWorker;
  const workerPrototype = nativeWorker.prototype;
  const nativePostMessage = workerPrototype.postMessage;
  const nativeTerminate = workerPrototype.terminate;
  const hookedByWorker = new NativeWeakMap<object, HookedWorker>();
  const routes = new NativeMap<string, HookedWorker>();
  const links = newList<HookedWorker>();
  const policy = createBootstrapPolicy();

  const report = (request: WorkerRequest, reason: string): void => options.emit({ t: 'worker-uncaptured', time: now(), worker: contextOf(request), reason });
  const reportNotStarted = (request: WorkerRequest): void =>
    options.emit({
      t: 'worker-uncaptured',
      time: now(),
      worker: contextOf(request),
      reason: request.type === 'module' ? NOT_LOADED_MODULE : NOT_LOADED_CLASSIC,
      notStarted: true,
    });

  const post = (target: Worker, message: unknown, transfer: Transferable[]): void => {
    apply(nativePostMessage, target, [message, transfer]);
  };

  /** Posts the early messages `target` has not had: all of them to a fallback, the held ones to the hooked worker. */
  const flushHeld = (hooked: HookedWorker, target: Worker): void => {
    const held = hooked.held;
    hooked.held = newList();
    const toFallback = target !== hooked.worker;
    for (let index = 0; index < held.length; index++) if (toFallback || !held[index]!.posted) post(target, held[index]!.message, held[index]!.transfer);
  };

  const fallBack = (hooked: HookedWorker, reason: string | null): void => {
    if (hooked.state !== 'holding') return;
    hooked.state = 'fallback';
    hooked.bootstrap.revoke();
    apply(nativeTerminate, hooked.worker, []);
    const request = hooked.request;
    // Whether the page's own script loads tells a script that cannot be loaded from a refused bootstrap.
    let outcome: 'unknown' | 'not-started' | 'running' = 'running';
    let decided: ((seen: 'not-started' | 'running') => void) | null = null;
    const settle = (seen: 'not-started' | 'running'): void => {
      outcome = seen;
      decided?.(seen);
    };
    try {
      const fallback = construct(nativeWorker, [request.urlArgument, request.options]) as Worker;
      hooked.fallback = fallback;
      relayEvents(fallback, hooked.worker);
      outcome = 'unknown';
      watchFallback(fallback, { notStarted: () => settle('not-started'), running: () => settle('running') });
      flushHeld(hooked, fallback);
    } catch {
      dispatchEvent(hooked.worker, new NativeEvent('error'));
    }
    // A violation report, if the policy refused the bootstrap, is dispatched in a task of its own.
    afterDelay(0, () => {
      const violation = reason === null ? policy.lastViolation() : null;
      if (violation !== null) {
        policy.remember(violation);
        return report(request, violation);
      }
      const cause = reason ?? 'its bootstrap did not start, though the page’s script then did (the page’s security policy refused it, most likely)';
      decided = (seen) => (seen === 'running' ? report(request, cause) : reportNotStarted(request));
      if (outcome !== 'unknown') decided(outcome);
    });
  };

  const onChildMessage = (hooked: HookedWorker, data: unknown): void => {
    const message = readChildMessage(data);
    if (!message) return;
    if (message.t === 'started') {
      if (hooked.state !== 'holding') return;
      hooked.state = 'running';
      hooked.bootstrap.revoke();
      flushHeld(hooked, hooked.worker);
    } else if (message.t === 'fallback') {
      fallBack(hooked, `its script did not load from the bootstrap (${message.reason})`);
    } else {
      const events = message.events;
      for (let index = 0; index < events.length; index++) {
        const event = events[index]!;
        if (event.t === 'created') {
          // A socket of this worker, or of a worker it started (which then says which).
          if (!event.worker) event.worker = hooked.context;
          if (!mapGet(routes, event.conn)) mapSet(routes, event.conn, hooked);
        }
        options.emit(event);
      }
    }
  };

  const start = (target: typeof Worker, request: WorkerRequest, newTarget: new (...args: never[]) => unknown): Worker => {
    const params: WorkerHookParams = {
      nonce: randomUUID(),
      scriptUrl: request.scriptUrl,
      type: request.type,
      name: request.name,
      binaryAsBytes: options.binaryAsBytes,
      maxPayloadBytes: captureSettings.maxPayloadBytes,
    };
    const bootstrap = makeBootstrap(options.bootSource, params);
    let worker: Worker;
    try {
      worker = construct(target, [bootstrap.url, request.options], newTarget) as Worker;
    } catch (error) {
      bootstrap.revoke();
      throw error;
    }
    const channel = new NativeMessageChannel();
    const port = channelPort1(channel);
    const hooked: HookedWorker = { worker, state: 'holding', held: newList(), fallback: null, port, bootstrap, context: contextOf(request), request };
    weakMapSet(hookedByWorker, worker, hooked);
    links[links.length] = hooked;
    // Before any listener of the page: a bootstrap refused while loading is the hook's to handle.
    addEventListener(
      worker,
      'error',
      (event) => {
        if (hooked.state !== 'holding' || isErrorEvent(event) || !isTrustedEvent(event)) return;
        stopImmediatePropagation(event);
        fallBack(hooked, null);
      },
      true,
    );
    addEventListener(port, 'message', (event) => {
      try {
        onChildMessage(hooked, messageData(event));
      } catch {
        // A worker's malformed message never surfaces in the page.
      }
    });
    portStart(port);
    post(worker, params.nonce, [channelPort2(channel)]);
    const first = options.firstCommands();
    for (let index = 0; index < first.length; index++) portPostMessage(port, { t: 'command', command: first[index]! } satisfies ParentToChild);
    return worker;
  };

  const WorkerProxy: typeof Worker = disguisedProxy(nativeWorker, {
    construct(target, args: unknown[], newTarget) {
      const nativeNewTarget = newTarget === WorkerProxy ? target : newTarget;
      const request = options.bootSource ? readRequest(args, options.baseUrl(), options.origin) : null;
      // Not a worker capture can start (no bootstrap, or arguments the native constructor refuses): as the page asked.
      if (!request) return construct(target, args, nativeNewTarget) as Worker;
      const asked = [request.urlArgument, request.options];
      if (request.scriptUrl === '') {
        report(request, 'a data: worker runs in an opaque origin, where capture cannot start it');
        return construct(target, asked, nativeNewTarget) as Worker;
      }
      const forbidden = policy.forbiddenReason(request.type, request.trustedUrl);
      if (forbidden !== null) {
        report(request, forbidden);
        return construct(target, asked, nativeNewTarget) as Worker;
      }
      try {
        return start(target, request, nativeNewTarget as new (...args: never[]) => unknown);
      } catch (error) {
        const reason = `the bootstrap was refused (${describe(error)})`;
        policy.remember(reason);
        report(request, reason);
        return construct(target, asked, nativeNewTarget) as Worker;
      }
    },
  });

  const postMessageProxy = disguisedProxy(nativePostMessage, {
    apply(target, self, args: unknown[]) {
      const hooked = typeof self === 'object' && self !== null ? weakMapGet(hookedByWorker, self) : undefined;
      if (!hooked || hooked.state === 'running' || hooked.state === 'terminated' || args.length === 0) return apply(target, self, args);
      if (hooked.state === 'fallback') return apply(target, hooked.fallback ?? self, args);
      const held = hooked.held;
      const holding = held.length > 0 && !held[held.length - 1]!.posted;
      const transfer = transferList(args[1]);
      // A transfer cannot be copied (a port, say): then it, and every later message, is held.
      const copy = holding || transfer.length > 0 ? null : copyOf(args[0]);
      if (copy) {
        const result = apply(target, self, args);
        held[held.length] = { message: copy.value, transfer: [], posted: true };
        return result;
      }
      // Cloned now, as postMessage would (a transfer detaches the page's buffers now), posted once started.
      const clone = nativeStructuredClone(setPrototypeOf({ message: args[0], transfer }, null), setPrototypeOf({ transfer }, null)) as {
        message: unknown;
        transfer: Transferable[];
      };
      held[held.length] = { message: clone.message, transfer: clone.transfer, posted: false };
      return undefined;
    },
  });

  const terminateProxy = disguisedProxy(nativeTerminate, {
    apply(target, self, args: unknown[]) {
      const hooked = typeof self === 'object' && self !== null ? weakMapGet(hookedByWorker, self) : undefined;
      if (hooked) {
        if (hooked.fallback) apply(target, hooked.fallback, []);
        hooked.state = 'terminated';
        hooked.held = newList();
        hooked.bootstrap.revoke();
      }
      return apply(target, self, args);
    },
  });

  replaceValue(workerPrototype, 'postMessage', postMessageProxy);
  replaceValue(workerPrototype, 'terminate', terminateProxy);
  replaceValue(workerPrototype, 'constructor', WorkerProxy);
  replaceValue(globalThis, 'Worker', WorkerProxy);

  const send = (hooked: HookedWorker, command: ContentToPage): void => {
    const message: ParentToChild = { t: 'command', command };
    portPostMessage(hooked.port, message);
  };

  return {
    route(conn) {
      const hooked = mapGet(routes, conn);
      return hooked ? { post: (command) => send(hooked, command) } : undefined;
    },
    broadcast(command) {
      for (let index = 0; index < links.length; index++) if (links[index]!.state !== 'terminated') send(links[index]!, command);
    },
  };
}

function contextOf(request: WorkerRequest): WorkerContext {
  return { kind: 'dedicated', scriptUrl: request.scriptUrl || NativeString(request.urlArgument), name: request.name };
}

/** Re-dispatches a fallback worker's events on the Worker object the page holds. */
function relayEvents(from: Worker, to: Worker): void {
  const relayMessage = (type: string) => (event: Event) => {
    const init = setPrototypeOf({ data: messageData(event), ports: messagePorts(event) }, null) as MessageEventInit;
    dispatchEvent(to, new NativeMessageEvent(type, init));
  };
  addEventListener(from, 'message', relayMessage('message'));
  addEventListener(from, 'messageerror', relayMessage('messageerror'));
  addEventListener(from, 'error', (event) => {
    let relayed: Event;
    if (errorEventFields && NativeErrorEvent && isErrorEvent(event)) {
      const fields = errorEventFields;
      const init = {
        message: fields.message(event),
        filename: fields.filename(event),
        lineno: fields.lineno(event),
        colno: fields.colno(event),
        error: fields.error(event),
        cancelable: true,
      };
      relayed = new NativeErrorEvent('error', setPrototypeOf(init, null) as ErrorEventInit);
    } else {
      relayed = new NativeEvent('error');
    }
    dispatchEvent(to, relayed);
    // The page handled it: the browser does not report it either.
    if (defaultPrevented(relayed)) preventDefault(event);
  });
}

/** A structured copy of `message`, or null when it cannot be copied (postMessage will throw the same then). */
function copyOf(message: unknown): { value: unknown } | null {
  try {
    return { value: nativeStructuredClone(message) };
  } catch {
    return null;
  }
}

/** The transfer list of postMessage's second argument (a list, or options with `transfer`), as a fresh array. */
function transferList(value: unknown): Transferable[] {
  const list: Transferable[] = [];
  const source = isArray(value) ? value : typeof value === 'object' && value !== null ? (value as { transfer?: unknown }).transfer : undefined;
  if (isArray(source)) for (let index = 0; index < source.length; index++) list[index] = source[index] as Transferable;
  return list;
}

/**
 * The page's constructor arguments read once, as the native constructor would read them, or null when
 * the native constructor would throw (or the URL is not one capture can start: another origin's).
 * `scriptUrl` is '' for a data: URL.
 */
function readRequest(args: unknown[], base: string, origin: string): WorkerRequest | null {
  if (args.length === 0) return null;
  const raw = args[0];
  let urlArgument: unknown = raw;
  let text: string;
  let trustedUrl = false;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'symbol') return null;
  else if (trustedScriptUrlToString && isTrustedScriptUrl(raw)) {
    text = apply(trustedScriptUrlToString, raw, []) as string;
    trustedUrl = true;
  } else urlArgument = text = NativeString(raw);
  const given = args[1];
  if (given !== undefined && given !== null && typeof given !== 'object') return null;
  // Dictionary members in the order WebIDL reads them, each once (none for no options).
  const source = given as { credentials?: unknown; name?: unknown; type?: unknown } | null | undefined;
  const credentials = source ? source.credentials : undefined;
  const name = source ? source.name : undefined;
  const type = source ? source.type : undefined;
  if (type !== undefined && type !== 'classic' && type !== 'module') return null;
  const workerOptions = {} as WorkerOptions;
  if (credentials !== undefined) workerOptions.credentials = NativeString(credentials) as RequestCredentials;
  if (name !== undefined) workerOptions.name = NativeString(name);
  if (type !== undefined) workerOptions.type = type;
  let url: URL;
  try {
    url = new NativeURL(text, base);
  } catch {
    return null;
  }
  const protocol = urlProtocol(url);
  const request: WorkerRequest = {
    urlArgument,
    trustedUrl,
    options: workerOptions,
    scriptUrl: urlHref(url),
    type: type ?? 'classic',
    name: workerOptions.name ?? '',
  };
  if (protocol === 'data:') return { ...request, scriptUrl: '' };
  if (protocol === 'blob:') return request;
  if ((protocol === 'http:' || protocol === 'https:') && urlOrigin(url) === origin) return request;
  return null;
}

function isTrustedScriptUrl(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !isScriptUrl) return false;
  try {
    return apply(isScriptUrl, trustedTypesObject, [value]) === true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      return `${NativeString(name)}: ${NativeString(message)}`;
    }
    return NativeString(error);
  } catch {
    return 'unknown error';
  }
}
