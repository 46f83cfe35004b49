// Inside a Firefox Shared Worker (or Service Worker): the hook's link to the page hooks of the documents using the worker,
// over a BroadcastChannel (shared-protocol.ts). Every event goes to all of them (each records it in its
// own tab's session); a document that joins later gets the live connections and what happened since
// it constructed the worker (`replay`, from a bounded history), and before that ignores what is
// broadcast, so it gets each event once. Commands come only from a page hook (which has them from its
// relay), each answered to that document alone.
import type { HookEvent } from '../../shared/messages';
import { handOverThrottle } from '../hand-over-throttle';
import { payloadLength } from '../payload-encoding';
import { newList, now, type List } from '../../worlds/pristine';
import { openSharedBroadcast } from './shared-broadcast';
import { SHARED_DOWN, SHARED_UP, type SharedUp, type SharedWorkerKey } from './shared-protocol';
import { field } from './worker-events';

/** What a document joining later can still get: events of the last HISTORY_MS, at most HISTORY_EVENTS holding HISTORY_PAYLOAD payload characters. */
const HISTORY_MS = 30_000;
const HISTORY_EVENTS = 2000;
const HISTORY_PAYLOAD = 8 * 1024 * 1024;
/** At most this many joined documents are remembered (some go without a word), the oldest forgotten first. */
const MAX_JOINERS = 1024;

/** Every event kept has a time (command results and intercept notices are not kept). */
const timeOf = (event: HookEvent): number => (event as { time: number }).time;
const payloadSize = (event: HookEvent): number => (event.t === 'message' ? payloadLength(event.payload) : 0);

export interface SharedLink {
  emit(event: HookEvent): void;
}

interface LiveConnection {
  conn: string;
  created: HookEvent;
  open: HookEvent | null;
}

export function openSharedLink(
  channelName: string,
  worker: SharedWorkerKey,
  onCommand: (untrusted: unknown, reply: (event: HookEvent) => void) => void,
): SharedLink {
  let history: List<HookEvent> = newList<HookEvent>();
  /** The oldest event still kept: those before it are dropped. */
  let historyStart = 0;
  let historyPayload = 0;
  // Not a Map: its methods are the page's to replace once its script runs; a handful of connections.
  let live: List<LiveConnection> = newList<LiveConnection>();
  let batch: List<HookEvent> = newList<HookEvent>();
  /** The documents that joined, oldest first (they may have gone without leaving: bounded). */
  let joiners: List<string> = newList<string>();

  const withoutJoiner = (doc: string): List<string> => {
    const kept = newList<string>();
    for (let index = 0; index < joiners.length; index++) if (joiners[index] !== doc) kept[kept.length] = joiners[index]!;
    return kept;
  };

  const up = (message: SharedUp): void => broadcast?.post(message);

  const handOver = (): void => {
    if (batch.length === 0) return;
    const events = batch;
    batch = newList<HookEvent>();
    throttle.handedOver();
    up({ wsi: SHARED_UP, worker, t: 'events', events: events as unknown as HookEvent[] });
  };

  const throttle = handOverThrottle(handOver);

  const remember = (event: HookEvent): void => {
    if (event.t === 'created') live[live.length] = { conn: event.conn, created: event, open: null };
    else if (event.t === 'open') {
      for (let index = 0; index < live.length; index++) if (live[index]!.conn === event.conn) live[index]!.open = event;
    } else if (event.t === 'close') {
      const kept = newList<LiveConnection>();
      for (let index = 0; index < live.length; index++) if (live[index]!.conn !== event.conn) kept[kept.length] = live[index]!;
      live = kept;
    }
    if (event.t === 'command-result' || event.t === 'held' || event.t === 'released') return;
    history[history.length] = event;
    historyPayload += payloadSize(event);
    const oldest = now() - HISTORY_MS;
    while (
      historyStart < history.length &&
      (history.length - historyStart > HISTORY_EVENTS || historyPayload > HISTORY_PAYLOAD || timeOf(history[historyStart]!) < oldest)
    )
      historyPayload -= payloadSize(history[historyStart++]!);
    // What was dropped is let go now and then, not on every event.
    if (historyStart > 256 && historyStart * 2 > history.length) {
      const kept = newList<HookEvent>();
      for (let index = historyStart; index < history.length; index++) kept[kept.length] = history[index]!;
      history = kept;
      historyStart = 0;
    }
  };

  /** The live connections begun before `since` (created, and open if it was), then every remembered event from `since` on. */
  const replay = (since: number): HookEvent[] => {
    const events = newList<HookEvent>();
    for (let index = 0; index < live.length; index++) {
      const connection = live[index]!;
      if (timeOf(connection.created) >= since) continue;
      events[events.length] = connection.created;
      if (connection.open && timeOf(connection.open) < since) events[events.length] = connection.open;
    }
    for (let index = historyStart; index < history.length; index++) {
      const event = history[index]!;
      if (timeOf(event) >= since) events[events.length] = event;
    }
    return events as unknown as HookEvent[];
  };

  const onDown = (data: unknown): void => {
    if (field(data, 'wsi') !== SHARED_DOWN) return;
    const t = field(data, 't');
    if (t === 'discover') {
      if (worker.kind === 'service') up({ wsi: SHARED_UP, worker, t: 'hello' });
      return;
    }
    const key = field(data, 'worker');
    const token = field(data, 'token');
    if (field(key, 'kind') !== worker.kind || field(key, 'scriptUrl') !== worker.scriptUrl || field(key, 'name') !== worker.name || typeof token !== 'string')
      return;
    const doc = field(data, 'doc');
    if (t === 'join') {
      const since = field(data, 'since');
      if (typeof since !== 'number' || typeof doc !== 'string') return;
      const earlier = withoutJoiner(doc);
      joiners = withoutJoiner(doc);
      joiners[joiners.length] = doc;
      if (joiners.length > MAX_JOINERS) {
        const kept = newList<string>();
        for (let index = 1; index < joiners.length; index++) kept[kept.length] = joiners[index]!;
        joiners = kept;
      }
      // What is batched goes first: the joiner ignores broadcasts until its replay, which includes them.
      handOver();
      up({ wsi: SHARED_UP, worker, t: 'events', events: replay(since), to: token, replay: true, joiners: earlier as unknown as string[] });
    } else if (t === 'leave') {
      if (typeof doc === 'string') joiners = withoutJoiner(doc);
    } else if (t === 'command') {
      onCommand(field(data, 'command'), (event) => up({ wsi: SHARED_UP, worker, t: 'events', events: [event], to: token }));
    }
  };

  const broadcast = openSharedBroadcast(channelName, onDown);
  up({ wsi: SHARED_UP, worker, t: 'hello' });

  return {
    emit(event) {
      remember(event);
      batch[batch.length] = event;
      throttle.schedule();
    },
  };
}
