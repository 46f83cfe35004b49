// Intercept in the page: applies the rules (src/rules/engine.ts) and breakpoints to every message
// before the socket sends it or the page's listeners see it, and carries out what they decide. A
// message it takes (changed, held, delayed, dropped, or waiting behind one of those) goes into its
// connection's lane (lanes.ts) and out in order: a send through the native send(), a received one
// dispatched again as a MessageEvent (same data type, origin and lastEventId; isTrusted false) after
// the original was stopped before any page listener. send() still returns at once. A close() waits
// for held sends; a close or error event waits for held received messages.
//
// Nothing stays held for long with no one to release it: breakpoints lapse (everything held goes on)
// unless the panel renews them within their lease; rule delays are bounded; the wait for the relay's
// rules at load ends after AWAIT_RULES_MAX_MS. Commands come only over the secret channel from the
// relay; what rules contain never reaches a global, an event or a prototype the page could watch.
import type { Connection } from '../connection';
import type { HookEvent, PayloadInput } from '../../shared/messages';
import { BREAKPOINT_NAME, MAX_DELAY_MS, type FieldProtocol, type InterceptStep } from '../../shared/intercept';
import {
  ProtocolWatch,
  Subject,
  applyRules,
  compileBreakpoints,
  compileRules,
  forDirection,
  forUrl,
  matchesBreakpoint,
  observe,
  serveRuleFor,
  statefulProtocols,
  type ByteView,
  type CompiledMatcher,
  type CompiledRule,
  type Outcome,
  type Reply,
} from '../../rules/engine';
import { parseBreakpoints, parseRules } from '../../rules/parse';
import { recordMessage } from '../message-capture';
import { utf8ByteLength, viewBinary } from '../payload-encoding';
import { gate } from './gate';
import { HELD, READY, UNDECIDED, WAITING, append, drain, isEmpty, newEntry, newLane, pending, type Entry, type Lane } from './lanes';
import { CLOSED, CLOSING, CONNECTING, OPEN, makeMock, type MockState } from './mock-socket';
import { dataPayload, deliverable, editedData, markOf } from './payloads';
import {
  NativeMap,
  NativeString,
  NativeWeakMap,
  NativeWeakSet,
  apply,
  dispatchEvent,
  getOwnPropertyDescriptor,
  mapDelete,
  mapGet,
  mapSet,
  newList,
  now,
  setPrototypeOf,
  uncurryGetter,
  uncurryThis,
  weakMapGet,
  weakMapSet,
  weakSetAdd,
  weakSetHas,
  type List,
} from '../../worlds/pristine';
import { afterDelay } from '../../worlds/page-proof-timer';

/** How long the hook holds traffic waiting for the relay's rules at load before it goes on without them. */
export const AWAIT_RULES_MAX_MS = 3000;
const SOCKET_CLOSED = 'Socket closed';

const NativeMessageEvent = MessageEvent;
const NativeCloseEvent = CloseEvent;
const NativeEvent = Event;
const NativeDOMException = DOMException;
const socketPrototype = WebSocket.prototype;
const nativeSend = socketPrototype.send;
const nativeClose = socketPrototype.close;
const nativeReadyState = uncurryGetter<number>(socketPrototype, 'readyState');
const binaryTypeOf = uncurryGetter<BinaryType>(socketPrototype, 'binaryType');
const messageDataOf = uncurryGetter<unknown>(MessageEvent.prototype, 'data');
const messageOriginOf = uncurryGetter<string>(MessageEvent.prototype, 'origin');
const lastEventIdOf = uncurryGetter<string>(MessageEvent.prototype, 'lastEventId');
const eventTypeOf = uncurryGetter<string>(Event.prototype, 'type');
const closeCodeOf = uncurryGetter<number>(CloseEvent.prototype, 'code');
const closeReasonOf = uncurryGetter<string>(CloseEvent.prototype, 'reason');
const closeWasCleanOf = uncurryGetter<boolean>(CloseEvent.prototype, 'wasClean');
const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
const NativeNumber = Number;

/** What intercept knows of one connection. */
interface ConnState {
  connection: Connection;
  socket: WebSocket;
  /** The rules and breakpoints that fit its URL, per direction, as of `version`: a message looks only at its own. */
  version: number;
  rules: Fitted<CompiledRule>;
  breakpoints: Fitted<CompiledMatcher>;
  /** What protocol-field readers remember of this connection, when its rules or breakpoints name a protocol. */
  watch: ProtocolWatch | null;
  /** The protocols among those whose readers must see every message. */
  stateful: List<FieldProtocol>;
  send: Lane;
  receive: Lane;
  /** A close() that waits for held sends: its checked code and reason. */
  pendingClose: List<unknown> | null;
  mock: MockState | null;
  greeting: string;
}

/** Matchers of one connection, by the direction of the messages they look at. */
interface Fitted<T> {
  send: List<T>;
  receive: List<T>;
}

const NONE_FITTED: Fitted<never> = { send: newList<never>(), receive: newList<never>() };

/** What rules and breakpoints decided for one message. */
interface Verdict {
  outcome: Outcome | null;
  hold: boolean;
}

/** Nothing matched: shared, as most messages end here. */
const UNTOUCHED: Verdict = { outcome: null, hold: false };

/** Extra per-entry bookkeeping: copies and mock replies go out when their message does (after any edit). */
interface Extras {
  copies: number;
  copyBy: string;
  replies: List<Reply>;
}

export interface Interceptor {
  /** Carries out an intercept command; false for any other command. */
  handle(untrusted: unknown): boolean;
}

export function installInterceptor(emit: (event: HookEvent) => void): Interceptor {
  let awaiting = false;
  let rulesReceived = false;
  let rules = newList<CompiledRule>();
  let breakpoints = newList<CompiledMatcher>();
  let version = 1;
  let leaseUntil = 0;
  let pendingCount = 0;
  let liveMocks = 0;
  let holdCounter = 0;
  const states = new NativeWeakMap<Connection, ConnState>();
  const extras = new NativeWeakMap<Entry, Extras>();
  const heldEntries = new NativeMap<string, { entry: Entry; state: ConnState; lane: Lane }>();
  let heldOrder = newList<string>();
  let undecided = newList<ConnState>();
  let createdWhileAwaiting = newList<ConnState>();
  /** Events we dispatch whose record we made ourselves (the hook's listener skips them). */
  const recorded = new NativeWeakSet<Event>();
  /** Events we dispatch again for the hook's listener to record as usual. */
  const passThrough = new NativeWeakSet<Event>();

  const updateActive = (): void => {
    gate.active = awaiting || rules.length > 0 || breakpoints.length > 0 || pendingCount > 0 || liveMocks > 0;
  };

  const stateOf = (connection: Connection, socket: WebSocket): ConnState => {
    let state = weakMapGet(states, connection);
    if (!state) {
      state = {
        connection,
        socket,
        version: 0,
        rules: NONE_FITTED,
        breakpoints: NONE_FITTED,
        watch: null,
        stateful: newList<FieldProtocol>(),
        send: newLane(),
        receive: newLane(),
        pendingClose: null,
        mock: null,
        greeting: '',
      };
      weakMapSet(states, connection, state);
    }
    return state;
  };

  const refresh = (state: ConnState): void => {
    if (state.version === version) return;
    state.version = version;
    const fittedRules = forUrl(rules, state.connection.url);
    const fittedBreakpoints = forUrl(breakpoints, state.connection.url);
    state.rules = { send: forDirection(fittedRules, 'send'), receive: forDirection(fittedRules, 'receive') };
    state.breakpoints = { send: forDirection(fittedBreakpoints, 'send'), receive: forDirection(fittedBreakpoints, 'receive') };
    state.stateful = statefulProtocols(fittedRules, fittedBreakpoints);
    if (state.watch === null && namesProtocol(fittedRules, fittedBreakpoints)) state.watch = new ProtocolWatch();
  };

  const laneOf = (state: ConnState, dir: 'send' | 'receive'): Lane => (dir === 'send' ? state.send : state.receive);

  // ---- deciding ----

  /** Applies an outcome and the breakpoints to an entry: held, waiting or ready. */
  const decide = (state: ConnState, dir: 'send' | 'receive', entry: Entry, outcome: Outcome | null, hold: boolean): void => {
    if (outcome !== null) {
      if (outcome.changed) {
        entry.data = outcome.text;
        entry.changed = true;
      }
      entry.dropped = outcome.drop;
      entry.delayMs = outcome.delayMs;
      for (let index = 0; index < outcome.steps.length; index++) entry.steps[entry.steps.length] = outcome.steps[index]!;
      if (outcome.copies > 0 || outcome.replies.length > 0) {
        let copyBy = '';
        for (let index = 0; index < outcome.steps.length; index++) if (outcome.steps[index]!.action === 'duplicated') copyBy = outcome.steps[index]!.by;
        weakMapSet(extras, entry, { copies: outcome.copies, copyBy, replies: outcome.replies });
      }
    }
    if (hold) {
      entry.state = HELD;
      entry.hold = 'h' + NativeString(++holdCounter);
      entry.steps[entry.steps.length] = { action: 'held', by: BREAKPOINT_NAME };
      mapSet(heldEntries, entry.hold, { entry, state, lane: laneOf(state, dir) });
      heldOrder[heldOrder.length] = entry.hold;
      emit({ t: 'held', conn: state.connection.id, hold: entry.hold, dir, time: now(), payload: dataPayload(entry.data) });
    } else if (entry.delayMs > 0 && !entry.dropped) {
      wait(state, dir, entry);
    } else {
      entry.state = READY;
    }
  };

  const evaluate = (state: ConnState, dir: 'send' | 'receive', data: unknown): Verdict => {
    refresh(state);
    const dirRules = state.rules[dir];
    const dirBreakpoints = state.breakpoints[dir];
    if (dirRules.length === 0 && dirBreakpoints.length === 0 && state.stateful.length === 0) return UNTOUCHED;
    const text = typeof data === 'string' ? data : null;
    const subject = new Subject(dir, text, text === null && state.watch !== null ? () => bytesOf(data) : null, state.watch);
    const outcome = dirRules.length > 0 ? applyRules(dirRules, subject) : null;
    const hold = (outcome === null || !outcome.drop) && dirBreakpoints.length > 0 && matchesBreakpoint(dirBreakpoints, subject);
    if (state.stateful.length > 0) observe(subject, state.stateful);
    return outcome === null && !hold ? UNTOUCHED : { outcome, hold };
  };

  const wait = (state: ConnState, dir: 'send' | 'receive', entry: Entry): void => {
    entry.state = WAITING;
    const delay = entry.delayMs > MAX_DELAY_MS ? MAX_DELAY_MS : entry.delayMs;
    entry.delayMs = 0;
    afterDelay(delay, () => {
      if (entry.state !== WAITING) return;
      entry.state = READY;
      flush(state, dir);
    });
  };

  /**
   * Takes a message into its lane when a rule or breakpoint touches it, when earlier ones still wait,
   * while the rules are awaited, or on a mock; null when it may go on untouched (the common case).
   */
  const admit = (state: ConnState, dir: 'send' | 'receive', data: unknown, mayPass: boolean): Entry | null => {
    const lane = laneOf(state, dir);
    if (awaiting) {
      const entry = newEntry('message', data, UNDECIDED);
      if (isEmpty(state.send) && isEmpty(state.receive)) undecided[undecided.length] = state;
      append(lane, entry);
      pendingCount++;
      return entry;
    }
    const { outcome, hold } = evaluate(state, dir, data);
    if (outcome === null && !hold && mayPass && isEmpty(lane)) return null;
    const entry = newEntry('message', data, READY);
    decide(state, dir, entry, outcome, hold);
    append(lane, entry);
    pendingCount++;
    return entry;
  };

  // ---- delivering ----

  const flush = (state: ConnState, dir: 'send' | 'receive'): void => {
    if (dir === 'send') {
      drain(state.send, (entry) => deliverSend(state, entry));
      if (isEmpty(state.send) && state.pendingClose !== null && state.mock === null) {
        const args = state.pendingClose;
        state.pendingClose = null;
        try {
          apply(nativeClose, state.socket, args as unknown[]);
        } catch {
          // Checked when the page called close(); a socket closed meanwhile has nothing to close.
        }
      }
    } else {
      drain(state.receive, (entry) => deliverReceive(state, entry));
    }
    updateActive();
  };

  const sendNow = (state: ConnState, data: unknown, steps: List<InterceptStep>, original: unknown, changed: boolean, dropped: boolean): void => {
    if (!dropped) {
      if (state.mock !== null) steps[steps.length] = { action: 'mocked', by: state.mock.by };
      else if (nativeReadyState(state.socket) === OPEN) apply(nativeSend, state.socket, [data]);
      else steps[steps.length] = { action: 'dropped', by: SOCKET_CLOSED };
    }
    recordMessage(state.connection, 'send', data, 'page', markOf(steps, original, changed));
  };

  const deliverSend = (state: ConnState, entry: Entry): void => {
    pendingCount--;
    sendNow(state, entry.data, entry.steps, entry.original, entry.changed, entry.dropped);
    const extra = weakMapGet(extras, entry);
    if (!extra) return;
    if (!entry.dropped)
      for (let copy = 0; copy < extra.copies; copy++) sendNow(state, entry.data, single('duplicated', extra.copyBy), entry.data, false, false);
    for (let index = 0; index < extra.replies.length; index++) {
      const reply = extra.replies[index]!;
      const replyEntry = newEntry('message', reply.text, READY);
      replyEntry.steps[0] = { action: 'mocked', by: reply.by };
      replyEntry.delayMs = reply.delayMs;
      if (reply.delayMs > 0) wait(state, 'receive', replyEntry);
      append(state.receive, replyEntry);
      pendingCount++;
    }
    // In a later task, as a server's answer would come: never inside the page's send() call.
    if (extra.replies.length > 0) afterDelay(0, () => flush(state, 'receive'));
  };

  const dispatchMessage = (state: ConnState, data: unknown, origin: string, lastEventId: string): void => {
    const init = setPrototypeOf({ data, origin, lastEventId }, null) as MessageEventInit;
    const event = new NativeMessageEvent('message', init);
    weakSetAdd(recorded, event);
    dispatchEvent(state.socket, event);
  };

  const receiveNow = (state: ConnState, entry: Entry, data: unknown, steps: List<InterceptStep>, changed: boolean): void => {
    const mark = markOf(steps, entry.original, changed);
    if (entry.dropped) {
      recordMessage(state.connection, 'receive', data, 'page', mark);
      return;
    }
    const value = deliverable(data, binaryTypeOf(state.socket));
    recordMessage(state.connection, 'receive', value, 'page', mark);
    dispatchMessage(state, value, entry.origin !== '' ? entry.origin : originOf(state.connection.url), entry.lastEventId);
  };

  const deliverReceive = (state: ConnState, entry: Entry): void => {
    pendingCount--;
    if (entry.kind !== 'message') {
      if (entry.dropped) return;
      if (state.mock !== null && entry.kind === 'close') {
        state.mock.readyState = CLOSED;
        liveMocks--;
      }
      const event = entry.data as Event;
      weakSetAdd(passThrough, event);
      dispatchEvent(state.socket, event);
      return;
    }
    receiveNow(state, entry, entry.data, entry.steps, entry.changed);
    const extra = weakMapGet(extras, entry);
    if (extra && !entry.dropped)
      for (let copy = 0; copy < extra.copies; copy++) receiveNow(state, entry, entry.data, single('duplicated', extra.copyBy), false);
  };

  // ---- the gate the socket wrapper calls ----

  gate.created = (connection, socket) => {
    const state = stateOf(connection, socket);
    if (awaiting) createdWhileAwaiting[createdWhileAwaiting.length] = state;
    else mockIfServed(state);
  };

  gate.send = (connection, socket, data) => {
    const state = stateOf(connection, socket);
    const mock = state.mock;
    if (mock !== null) {
      if (mock.readyState === CONNECTING)
        throw new NativeDOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
      if (mock.readyState !== OPEN) return true;
    } else if (nativeReadyState(socket) !== OPEN) {
      return false;
    }
    const entry = admit(state, 'send', data, mock === null);
    if (entry === null) return false;
    flush(state, 'send');
    return true;
  };

  gate.receive = (connection, socket, event) => {
    if (weakSetHas(recorded, event)) return true;
    const state = stateOf(connection, socket);
    if (state.mock !== null) {
      stopImmediatePropagation(event); // a server answered a mocked socket before it was abandoned
      return true;
    }
    const entry = admit(state, 'receive', messageDataOf(event), true);
    if (entry === null) return false;
    stopImmediatePropagation(event);
    entry.origin = messageOriginOf(event);
    entry.lastEventId = lastEventIdOf(event);
    flush(state, 'receive');
    return true;
  };

  gate.lifecycle = (connection, socket, event) => {
    if (weakSetHas(recorded, event)) return true;
    if (weakSetHas(passThrough, event)) return false;
    const state = weakMapGet(states, connection);
    if (!state) return false;
    if (state.mock !== null) {
      stopImmediatePropagation(event); // the abandoned native connection's own events
      return true;
    }
    if (isEmpty(state.receive) && !awaiting) return false;
    const type = eventTypeOf(event);
    let copy: Event;
    if (type === 'close') {
      copy = new NativeCloseEvent(
        'close',
        setPrototypeOf({ code: closeCodeOf(event), reason: closeReasonOf(event), wasClean: closeWasCleanOf(event) }, null) as CloseEventInit,
      );
    } else if (type === 'error') {
      copy = new NativeEvent('error');
    } else return false;
    stopImmediatePropagation(event);
    if (awaiting && isEmpty(state.send) && isEmpty(state.receive)) undecided[undecided.length] = state;
    append(state.receive, newEntry(type, copy, awaiting ? UNDECIDED : READY));
    pendingCount++;
    flush(state, 'receive');
    return true;
  };

  gate.close = (connection, socket, args) => {
    const state = weakMapGet(states, connection);
    if (!state || (state.mock === null && isEmpty(state.send))) return false;
    const checked = checkCloseArguments(args);
    connection.closeRequestedByPage = true;
    if (state.mock !== null) {
      closeMock(state, checked);
      return true;
    }
    if (nativeReadyState(socket) !== OPEN && nativeReadyState(socket) !== CONNECTING) return false;
    state.pendingClose = checked;
    return true;
  };

  // ---- mocks ----

  const mockIfServed = (state: ConnState, eventsHeld = false): void => {
    const rule = serveRuleFor(rules, state.connection.url);
    if (rule === null || rule.serve === null) return;
    const mock: MockState = { readyState: CONNECTING, protocol: rule.serve.protocol, by: rule.name };
    if (!makeMock(state.socket, mock, eventsHeld)) return;
    state.mock = mock;
    state.greeting = rule.serve.greeting;
    liveMocks++;
    updateActive();
    afterDelay(0, () => openMock(state));
  };

  const openMock = (state: ConnState): void => {
    const mock = state.mock!;
    if (mock.readyState !== CONNECTING) return;
    mock.readyState = OPEN;
    const connection = state.connection;
    connection.opened = true;
    connection.push({ t: 'open', conn: connection.id, protocol: mock.protocol, extensions: '', time: now() });
    if (state.greeting !== '') {
      // Queued before the open event, so replies to what the page sends on open come after it.
      const greeting = newEntry('message', state.greeting, READY);
      greeting.steps[0] = { action: 'mocked', by: mock.by };
      append(state.receive, greeting);
      pendingCount++;
      afterDelay(0, () => flush(state, 'receive'));
    }
    const event = new NativeEvent('open');
    weakSetAdd(recorded, event);
    try {
      dispatchEvent(state.socket, event);
    } catch {
      // A page listener's error surfaces as a reported error, not here.
    }
  };

  const closeMock = (state: ConnState, args: List<unknown>): void => {
    const mock = state.mock!;
    if (mock.readyState === CLOSING || mock.readyState === CLOSED) return;
    const wasOpen = mock.readyState === OPEN;
    mock.readyState = CLOSING;
    const code = args.length > 0 ? (args[0] as number) : wasOpen ? 1005 : 1006;
    const reason = args.length > 1 ? (args[1] as string) : '';
    const close = new NativeCloseEvent('close', setPrototypeOf({ code, reason, wasClean: wasOpen }, null) as CloseEventInit);
    afterDelay(0, () => {
      append(state.receive, newEntry('close', close, READY));
      pendingCount++;
      flush(state, 'receive');
    });
  };

  // ---- holding and releasing ----

  const release = (hold: string, verdict: 'forward' | 'drop', edit: PayloadInput | null): boolean => {
    const found = mapGet(heldEntries, hold);
    if (!found) return false;
    mapDelete(heldEntries, hold);
    const { entry, state, lane } = found;
    if (verdict === 'drop') {
      entry.dropped = true;
      entry.steps[entry.steps.length] = { action: 'dropped', by: BREAKPOINT_NAME };
    } else if (edit !== null) {
      const data = editedData(edit);
      if (typeof data !== 'string' || data !== entry.data) {
        entry.data = data;
        entry.changed = true;
        entry.steps[entry.steps.length] = { action: 'edited', by: BREAKPOINT_NAME };
      }
    }
    emit({ t: 'released', conn: state.connection.id, hold });
    if (entry.delayMs > 0 && !entry.dropped) wait(state, lane === state.send ? 'send' : 'receive', entry);
    else entry.state = READY;
    flush(state, lane === state.send ? 'send' : 'receive');
    return true;
  };

  const releaseAll = (): void => {
    const order = heldOrder;
    heldOrder = newList<string>();
    for (let index = 0; index < order.length; index++) release(order[index]!, 'forward', null);
  };

  // ---- configuration ----

  const settleAwaiting = (): void => {
    awaiting = false;
    const created = createdWhileAwaiting;
    createdWhileAwaiting = newList<ConnState>();
    // A socket made while waiting may have failed to connect already (no server: what a mock is for);
    // its error and close were held, so it can still become a mock.
    for (let index = 0; index < created.length; index++) mockIfServed(created[index]!, true);
    const states = undecided;
    undecided = newList<ConnState>();
    for (let index = 0; index < states.length; index++) {
      const state = states[index]!;
      settleLane(state, 'send');
      settleLane(state, 'receive');
    }
    updateActive();
  };

  const settleLane = (state: ConnState, dir: 'send' | 'receive'): void => {
    const entries = pending(laneOf(state, dir));
    for (let at = 0; at < entries.length; at++) {
      const entry = entries[at]!;
      if (entry.state !== UNDECIDED) continue;
      if (entry.kind !== 'message') {
        // A mock abandoned this connection: its own error and close never reach the page.
        entry.dropped = state.mock !== null;
        entry.state = READY;
        continue;
      }
      const { outcome, hold } = evaluate(state, dir, entry.data);
      decide(state, dir, entry, outcome, hold);
    }
    flush(state, dir);
  };

  const setRules = (raw: unknown): void => {
    try {
      rules = compileRules(parseRules(raw));
    } catch {
      rules = newList<CompiledRule>(); // the relay sends what the background checked; a bad list counts as none
    }
    version++;
    rulesReceived = true;
    if (awaiting) settleAwaiting();
    updateActive();
  };

  const setBreakpoints = (raw: unknown, leaseMs: number): void => {
    try {
      breakpoints = compileBreakpoints(parseBreakpoints(raw));
    } catch {
      breakpoints = newList<CompiledMatcher>();
    }
    version++;
    if (breakpoints.length === 0) releaseAll();
    else {
      leaseUntil = now() + leaseMs;
      afterDelay(leaseMs + 10, () => {
        if (breakpoints.length === 0 || now() < leaseUntil) return;
        // Not renewed: the panel or the extension is gone. Nothing may stay held.
        breakpoints = newList<CompiledMatcher>();
        version++;
        releaseAll();
        updateActive();
      });
    }
    updateActive();
  };

  const startAwaiting = (): void => {
    if (rulesReceived || awaiting) return;
    awaiting = true;
    updateActive();
    afterDelay(AWAIT_RULES_MAX_MS, () => {
      if (awaiting) settleAwaiting();
    });
  };

  return {
    handle(untrusted) {
      if (typeof untrusted !== 'object' || untrusted === null) return false;
      const t = field(untrusted, 't');
      switch (t) {
        case 'intercept-await':
          startAwaiting();
          return true;
        case 'intercept-rules':
          setRules(field(untrusted, 'rules'));
          return true;
        case 'intercept-breakpoints': {
          const leaseMs = field(untrusted, 'leaseMs');
          if (typeof leaseMs === 'number' && leaseMs > 0 && leaseMs <= 60_000) setBreakpoints(field(untrusted, 'breakpoints'), leaseMs);
          return true;
        }
        case 'intercept-release': {
          const id = field(untrusted, 'id');
          const hold = field(untrusted, 'hold');
          const verdict = field(untrusted, 'verdict');
          if (typeof id !== 'string' || typeof hold !== 'string' || (verdict !== 'forward' && verdict !== 'drop')) return true;
          let ok = false;
          let error = 'This message is no longer held';
          try {
            ok = release(hold, verdict, payloadInput(field(untrusted, 'payload')));
          } catch {
            error = 'The edited payload is not valid base64';
          }
          emit(ok ? { t: 'command-result', id, ok } : { t: 'command-result', id, ok, error });
          return true;
        }
        default:
          return false;
      }
    },
  };
}

function namesProtocol(...lists: List<CompiledMatcher>[]): boolean {
  for (let list = 0; list < lists.length; list++)
    for (let index = 0; index < lists[list]!.length; index++) if (lists[list]![index]!.protocol !== null) return true;
  return false;
}

/** A binary message's bytes for protocol fields (a Blob cannot be read before the message moves on: none). */
function bytesOf(data: unknown): ByteView | null {
  const view = viewBinary(data, Infinity);
  return view === null ? null : { bytes: view.bytes, length: view.size };
}

function single(action: InterceptStep['action'], by: string): List<InterceptStep> {
  const steps = newList<InterceptStep>();
  steps[0] = { action, by };
  return steps;
}

function field(value: object, name: string): unknown {
  return getOwnPropertyDescriptor(value, name)?.value;
}

function payloadInput(value: unknown): PayloadInput | null {
  if (typeof value !== 'object' || value === null) return null;
  const kind = field(value, 'kind');
  const data = field(value, 'data');
  return (kind === 'text' || kind === 'binary') && typeof data === 'string' ? { kind, data } : null;
}

const NativeURL = URL;
function originOf(url: string): string {
  try {
    return new NativeURL(url).origin;
  } catch {
    return '';
  }
}

/**
 * close()'s arguments checked as the native method checks them (it throws the same errors), converted
 * once: a close that waits for held sends must throw now, not when it finally runs.
 */
function checkCloseArguments(args: unknown[]): List<unknown> {
  const checked = newList<unknown>();
  if (args.length === 0 || args[0] === undefined) return checked;
  let code = NativeNumber(args[0]);
  code = code !== code ? 0 : code < 0 ? 0 : code > 65535 ? 65535 : code - (code % 1); // WebIDL [Clamp] unsigned short
  if (code !== 1000 && (code < 3000 || code > 4999)) {
    throw new NativeDOMException(
      `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      'InvalidAccessError',
    );
  }
  checked[0] = code;
  if (args.length > 1 && args[1] !== undefined) {
    const reason = NativeString(args[1]);
    if (utf8ByteLength(reason) > 123)
      throw new NativeDOMException("Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.", 'SyntaxError');
    checked[1] = reason;
  }
  return checked;
}
