// Shared Workers, as the page constructs them, and in Firefox the Service Workers of the page's origin. A Shared Worker is found by its script URL and name:
// started from a bootstrap (a blob: URL of its own in every document) each tab would get a worker of
// its own, which would no longer be shared, so it is always started exactly as the page asks.
//
// Chrome builds: listed as not captured, once per document (Chrome's deep capture reaches them through
// the debugger instead, src/background/deep-capture/).
// Firefox builds: the background puts the worker hook in front of the worker's own script
// (src/background/shared-worker-scripts.ts); the hook speaks on a BroadcastChannel whose name the relay
// gives this hook at pairing (`shared-channel`, before any page script). Each document joins the
// workers it constructed and passes their events on as its own (checked like a dedicated worker's,
// worker-events.ts), with the worker's context; commands for their connections go to the worker. A
// worker whose hook does not speak within SILENCE_MS is listed as not captured, as is one the
// background cannot reach (blob: and data: scripts; Sec-Fetch-Dest, by which the background tells a
// Shared Worker's script, is sent only from secure contexts).
// Service Workers get the same prefix (their script's Sec-Fetch-Dest is `serviceworker`). No document
// constructs one, so each document asks the running ones to say hello when it opens the channel, and
// joins every one that does (or starts later) since the document's own start: every open tab of the
// origin records their sockets. Only a document without a same-origin parent joins them, so a page and
// its same-origin frames record each socket once. A Shared Worker used by a page and its same-origin
// frames is recorded by the tab's document that joined it first; the others take over, each from then
// on, when it goes away (shared-protocol.ts).
import type { ContentToPage, HookEvent } from '../../shared/messages';
import type { WorkerContext } from '../../shared/models';
import { disguisedProxy, replaceValue } from '../native-disguise';
import {
  NativeMap,
  addEventListener,
  construct,
  getOwnPropertyDescriptor,
  mapGet,
  mapSet,
  newList,
  now,
  randomUUID,
  uncurryGetter,
} from '../../worlds/pristine';
import { afterDelay } from '../../worlds/page-proof-timer';
import { openSharedBroadcast, type SharedBroadcast } from './shared-broadcast';
import { SHARED_DOWN, SHARED_UP, type SharedDown, type SharedDownBody } from './shared-protocol';
import { field, readChildMessage } from './worker-events';
import { ownDocumentId, sameTabDocuments } from './same-tab-documents';
import type { ChildLink } from './worker-capture';

const UNCAPTURED = 'a Shared Worker is shared by its script URL, which capture would have to change; it runs as without the extension';
/** How long a constructed Shared Worker's hook may stay silent before the worker is listed as not captured. */
const SILENCE_MS = 10_000;
const NativeURL = URL;
const urlHref = uncurryGetter<string>(URL.prototype, 'href');
const urlProtocol = uncurryGetter<string>(URL.prototype, 'protocol');
const secureContext = (globalThis as { isSecureContext?: boolean }).isSecureContext === true;
const pagehidePersisted = uncurryGetter<boolean>(PageTransitionEvent.prototype, 'persisted');
const isArray = Array.isArray;

/** Whether the parent document is of this document's origin (then it records the origin's Service Workers). */
function sameOriginParent(): boolean {
  try {
    const parent = (globalThis as { parent?: { location: { origin: string } } }).parent;
    return parent !== undefined && (parent as unknown) !== globalThis && parent.location.origin === globalThis.location.origin;
  } catch {
    // A cross-origin parent's location cannot be read.
    return false;
  }
}

export interface SharedWorkerCapture {
  /** Takes the relay's `shared-channel` command; false for any other. */
  handle(command: unknown): boolean;
  /** The worker a connection (hook id) was reported from, if it was. */
  route(conn: string): ChildLink | undefined;
  /** Passes a command (the capture settings) to every captured Shared Worker. */
  broadcast(command: ContentToPage): void;
}

interface JoinedWorker {
  context: WorkerContext;
  token: string;
  /** When the page constructed it: what the worker did before is another document's. */
  since: number;
  /** The worker answered this document's join: its broadcasts are ours from here on. */
  replayed: boolean;
  heard: boolean;
  /** A document of this tab that joined this Shared Worker first, and records it for the tab. */
  deferredTo: string | null;
}

/** `captureInWorkers`: Firefox builds, where the background hooks Shared Workers' scripts. */
export function installSharedWorkerCapture(emit: (event: HookEvent) => void, baseUrl: () => string, captureInWorkers: boolean): SharedWorkerCapture {
  const reported = new NativeMap<string, true>();
  const joined = new NativeMap<string, JoinedWorker>();
  const joinedList = newList<JoinedWorker>();
  const routes = new NativeMap<string, JoinedWorker>();
  let broadcast: SharedBroadcast | null = null;
  let lastConfig: ContentToPage | null = null;
  /** Service Workers' sockets are recorded from this document's start. */
  const documentStart = now();
  const joinsServiceWorkers = captureInWorkers && secureContext && !sameOriginParent();
  const joinBody = (worker: JoinedWorker): SharedDownBody => ({ t: 'join', since: worker.since, doc: ownDocumentId() });
  const keyOf = (kind: unknown, scriptUrl: string, name: string): string => `${kind === 'service' ? 'service' : 'shared'} ${scriptUrl} ${name}`;

  const report = (worker: WorkerContext, reason: string): void => {
    const key = `${worker.scriptUrl} ${worker.name}`;
    if (mapGet(reported, key)) return;
    mapSet(reported, key, true);
    emit({ t: 'worker-uncaptured', time: now(), worker, reason });
  };

  const down = (worker: JoinedWorker, body: SharedDownBody): void => {
    const { kind, scriptUrl, name } = worker.context;
    const message: SharedDown = {
      wsi: SHARED_DOWN,
      worker: { kind: kind === 'service' ? 'service' : 'shared', scriptUrl, name },
      token: worker.token,
      ...body,
    };
    broadcast?.post(message);
  };

  const accept = (worker: JoinedWorker, data: unknown): void => {
    const message = readChildMessage({ t: 'events', events: field(data, 'events') });
    if (message?.t !== 'events') return;
    for (let index = 0; index < message.events.length; index++) {
      const event = message.events[index]!;
      if (event.t === 'created') {
        // A socket of this worker, or of a dedicated worker it started (which then says which).
        if (!event.worker) event.worker = worker.context;
        if (!mapGet(routes, event.conn)) mapSet(routes, event.conn, worker);
      }
      emit(event);
    }
  };

  /** Documents heard leaving: the worker may hear this one's join before their leave. */
  const gone = new NativeMap<string, true>();

  /** Of the documents that joined a Shared Worker before this one, the first in this tab, if any. */
  const recorderInTab = (joiners: unknown): string | null => {
    if (!isArray(joiners) || joiners.length === 0) return null;
    const inTab = sameTabDocuments();
    for (let index = 0; index < joiners.length; index++) {
      const doc: unknown = joiners[index];
      if (typeof doc !== 'string' || mapGet(gone, doc)) continue;
      for (let other = 0; other < inTab.length; other++) if (inTab[other] === doc) return doc;
    }
    return null;
  };

  /** The tab's recording document of a Shared Worker left: this one records it from now on. */
  const onLeave = (data: unknown): void => {
    const key = field(data, 'worker');
    const scriptUrl = field(key, 'scriptUrl');
    const name = field(key, 'name');
    const doc = field(data, 'doc');
    if (field(key, 'kind') !== 'shared' || typeof scriptUrl !== 'string' || typeof name !== 'string' || typeof doc !== 'string') return;
    mapSet(gone, doc, true);
    const worker = mapGet(joined, keyOf('shared', scriptUrl, name));
    if (!worker || worker.deferredTo !== doc) return;
    worker.deferredTo = null;
    worker.replayed = false;
    worker.token = randomUUID();
    worker.since = now();
    down(worker, joinBody(worker));
  };

  const onUp = (data: unknown): void => {
    const wsi = field(data, 'wsi');
    if (wsi === SHARED_DOWN && field(data, 't') === 'leave') onLeave(data);
    if (wsi !== SHARED_UP) return;
    const key = field(data, 'worker');
    const scriptUrl = field(key, 'scriptUrl');
    const name = field(key, 'name');
    if (typeof scriptUrl !== 'string' || typeof name !== 'string') return;
    const kind = field(key, 'kind');
    const t = field(data, 't');
    let worker = mapGet(joined, keyOf(kind, scriptUrl, name));
    if (!worker && kind === 'service' && t === 'hello' && joinsServiceWorkers && name === '')
      worker = join({ kind: 'service', scriptUrl, name: '' }, documentStart);
    if (!worker) return;
    if (t === 'hello') {
      // A Service Worker started again (Firefox stops idle ones) starts with the default capture settings.
      if (worker.heard && kind === 'service' && lastConfig) down(worker, { t: 'command', command: lastConfig });
      // Started after this document's join was posted: join again.
      hear(worker);
      if (!worker.replayed) down(worker, joinBody(worker));
    } else if (t === 'events') {
      const to = field(data, 'to');
      if (to === undefined ? !worker.replayed : to !== worker.token) return;
      // A second answer to a join (the first join arrived after all, and the one sent on hello too) repeats the first.
      if (field(data, 'replay') === true) {
        if (worker.replayed) return;
        worker.replayed = true;
        worker.deferredTo = kind === 'shared' ? recorderInTab(field(data, 'joiners')) : null;
      }
      hear(worker);
      if (worker.deferredTo === null) accept(worker, data);
    }
  };

  /** The worker's hook listens: it gets the capture settings (it starts with the defaults). */
  const hear = (worker: JoinedWorker): void => {
    if (worker.heard) return;
    worker.heard = true;
    if (lastConfig) down(worker, { t: 'command', command: lastConfig });
  };

  const join = (context: WorkerContext, since: number): JoinedWorker => {
    const key = keyOf(context.kind, context.scriptUrl, context.name);
    const known = mapGet(joined, key);
    if (known) return known;
    const worker: JoinedWorker = { context, token: randomUUID(), since, replayed: false, heard: false, deferredTo: null };
    mapSet(joined, key, worker);
    joinedList[joinedList.length] = worker;
    down(worker, joinBody(worker));
    if (context.kind === 'shared')
      afterDelay(SILENCE_MS, () => {
        if (!worker.heard) report(context, 'its hook did not answer: Firefox did not hand the extension its script (from a service worker, say)');
      });
    return worker;
  };

  const NativeSharedWorker = (globalThis as { SharedWorker?: new (url: unknown, options?: unknown) => object }).SharedWorker;
  if (typeof NativeSharedWorker === 'function') {
    const proxy = disguisedProxy(NativeSharedWorker, {
      construct(target, args: unknown[], newTarget) {
        const since = now();
        const worker = construct(target, args, newTarget === proxy ? target : newTarget) as object;
        try {
          const context = readContext(args, baseUrl());
          if (!captureInWorkers || !context.url) report(context.worker, UNCAPTURED);
          else {
            const protocol = urlProtocol(context.url);
            if (protocol !== 'http:' && protocol !== 'https:')
              report(context.worker, `a ${protocol} script has no response the extension could add its hook to`);
            else if (!secureContext)
              report(context.worker, 'Firefox tells the extension a Shared Worker’s script (Sec-Fetch-Dest) only on secure (https) pages');
            else join(context.worker, since);
          }
        } catch {
          // Only the capture is lost.
        }
        return worker;
      },
    });
    replaceValue(NativeSharedWorker.prototype as object, 'constructor', proxy);
    replaceValue(globalThis, 'SharedWorker', proxy);
  }

  // Going away for good: a document of this tab that left a Shared Worker's recording to this one takes it up.
  addEventListener(globalThis, 'pagehide', (event) => {
    if (pagehidePersisted(event)) return;
    for (let index = 0; index < joinedList.length; index++) {
      const worker = joinedList[index]!;
      if (worker.context.kind === 'shared' && worker.replayed && worker.deferredTo === null) down(worker, { t: 'leave', doc: ownDocumentId() });
    }
  });

  return {
    handle(command) {
      if (field(command, 't') !== 'shared-channel') return false;
      const name = field(command, 'name');
      if (captureInWorkers && broadcast === null && typeof name === 'string') {
        broadcast = openSharedBroadcast(name, onUp);
        for (let index = 0; index < joinedList.length; index++) down(joinedList[index]!, joinBody(joinedList[index]!));
        if (joinsServiceWorkers) broadcast?.post({ wsi: SHARED_DOWN, t: 'discover' } satisfies SharedDown);
      }
      return true;
    },
    route(conn) {
      const worker = mapGet(routes, conn);
      return worker ? { post: (command) => down(worker, { t: 'command', command }) } : undefined;
    },
    broadcast(command) {
      if (command.t === 'config') lastConfig = command;
      for (let index = 0; index < joinedList.length; index++) if (joinedList[index]!.heard) down(joinedList[index]!, { t: 'command', command });
    },
  };
}

/** The worker's context, read without running page code again: a string URL (or a URL object), a string name or an own `name`. */
function readContext(args: unknown[], base: string): { worker: WorkerContext; url: URL | null } {
  const given = args[0];
  const text = typeof given === 'string' ? given : typeof given === 'object' && given !== null ? safeHref(given) : null;
  const options = args[1];
  const rawName =
    typeof options === 'string' ? options : typeof options === 'object' && options !== null ? getOwnPropertyDescriptor(options, 'name')?.value : '';
  const name = typeof rawName === 'string' ? rawName : '';
  if (text === null) return { worker: { kind: 'shared', scriptUrl: '(a script URL given as an object)', name }, url: null };
  const url = new NativeURL(text, base);
  return { worker: { kind: 'shared', scriptUrl: urlHref(url), name }, url };
}

function safeHref(value: object): string | null {
  try {
    return urlHref(value);
  } catch {
    return null;
  }
}
