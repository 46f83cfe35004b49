// Relay ports: hello, then batches (written in order, acknowledged after commit) and command results.
// Nothing a relay sends can control the extension: only these three message types are understood.
import type { Runtime } from '../platform/browser';
import { database } from '../db/schema';
import { belongsToDocument } from '../db/connection-ids';
import type { ContentToBackground, RelayedEvent } from '../shared/messages';
import { eventsOfHookBatches } from './hook-batch-events';
import { enqueue } from './ingest-queue';
import { chooseSession } from './sessions';
import { isPaused } from './pause';
import { messageBytes, writeBatch, type BatchOutcome } from './batch-writer';
import { summariseSoon } from './summary-builder';
import { storableEvents } from './storable-events';
import { addUsage, evictOldestForQuota, makeRoomForBudget, storageFullNotice } from './eviction';
import { isQuotaError, writeEvictingOnQuota } from './quota-retry';
import { notifyChanged, notifySessionStarted } from './panel-ports';
import { postNotice } from './notices';
import { deliverResult, registerFramePort } from './commands';
import { isOwnContentScript } from './sender-checks';
import { coalesce } from './coalesce';
import { noteUncapturedWorkers } from './uncaptured-workers';
import { forwardHeld, interceptOnHello } from './intercept';

const LOSS_NOTICE_INTERVAL_MS = 1000;

interface RelayState {
  tabId: number;
  frameId: number;
  frameUrl: string;
  tabTitle: string;
  documentId?: string;
  sessionId?: string;
  /** A batch of this port failed to store: later ones wait for the relay to reconnect and resend in order. */
  failed?: boolean;
}

type Hello = Extract<ContentToBackground, { t: 'hello' }>;
type Batch = Extract<ContentToBackground, { t: 'batch' }>;

export function acceptContentPort(port: Runtime.Port): void {
  const sender = port.sender;
  if (!isOwnContentScript(sender) || !sender) {
    port.disconnect();
    return;
  }
  const relay: RelayState = {
    tabId: sender.tab!.id!,
    frameId: sender.frameId!,
    frameUrl: sender.url ?? '',
    tabTitle: sender.tab?.title ?? '',
  };
  port.onMessage.addListener((message: unknown) => onRelayMessage(port, relay, message));
}

function onRelayMessage(port: Runtime.Port, relay: RelayState, untrusted: unknown): void {
  const message = untrusted as Partial<ContentToBackground> | null;
  switch (message?.t) {
    case 'hello':
      if (relay.documentId === undefined && isHello(message)) acceptHello(port, relay, message);
      return;
    case 'batch':
      if (relay.documentId !== undefined && message.documentId === relay.documentId && isBatch(message)) {
        void enqueue(() => ingestBatch(port, relay, message)).catch(() => {
          // Re-delivery is detected by each connection's last stored seq, which assumes batches are
          // stored in order: drop the port so the relay resends this batch and everything after it.
          relay.failed = true;
          port.disconnect();
        });
      }
      return;
    case 'command-result':
      if (relay.documentId !== undefined && typeof message.id === 'string' && typeof message.ok === 'boolean') {
        const ownConnection = typeof message.conn === 'string' && belongsToDocument(relay.documentId, message.conn);
        deliverResult(relay.tabId, {
          t: 'command-result',
          id: message.id,
          ok: message.ok,
          ...(typeof message.error === 'string' ? { error: message.error } : {}),
          ...(ownConnection ? { conn: message.conn } : {}),
        });
      }
      return;
    default:
      return;
  }
}

function isHello(message: Partial<Hello>): message is Hello {
  return typeof message.documentId === 'string' && message.documentId !== '' && typeof message.isTop === 'boolean';
}

function isBatch(message: Partial<Batch>): message is Batch {
  return Number.isSafeInteger(message.batch) && Array.isArray(message.chunks);
}

function acceptHello(port: Runtime.Port, relay: RelayState, hello: Hello): void {
  relay.documentId = hello.documentId;
  if (typeof hello.frameUrl === 'string' && relay.frameUrl === '') relay.frameUrl = hello.frameUrl;
  registerFramePort(relay.tabId, relay.frameId, port);
  interceptOnHello(relay.tabId, relay.frameId);
  // In the queue, so that this frame's batches (queued after it) find their session.
  void enqueue(async () => {
    const db = database();
    const safeHello: Hello = { ...hello, frameUrl: relay.frameUrl, title: typeof hello.title === 'string' ? hello.title : '' };
    const { result: choice } = await writeEvictingOnQuota(
      () => chooseSession(db, relay.tabId, safeHello, relay.tabTitle),
      () => evictOldestForQuota(db, ''),
    );
    relay.sessionId = choice.sessionId;
    if (choice.started) notifySessionStarted(choice.started);
    if (sessionFailures.delete(hello.documentId)) void postNotice('info', `Capture of ${relay.frameUrl} resumed`);
  }).catch((error: unknown) => {
    // No batch of this frame can be stored without a session. Dropping the port makes the relay say
    // hello again, backing off, and resend everything unacknowledged once a session can be started.
    relay.failed = true;
    port.disconnect();
    if (sessionFailures.has(hello.documentId)) return;
    if (sessionFailures.size >= MAX_REMEMBERED_FAILURES) sessionFailures.clear();
    sessionFailures.add(hello.documentId);
    void postNotice('error', `Capture of ${relay.frameUrl} is held: no session could be started (${String(error)}); retrying`);
  });
}

/** Documents whose session could not be started: told once, and told again when capture resumes. */
const sessionFailures = new Set<string>();
const MAX_REMEMBERED_FAILURES = 1000;

async function ingestBatch(port: Runtime.Port, relay: RelayState, batch: Batch): Promise<void> {
  const { sessionId, documentId } = relay;
  if (relay.failed) return; // The port is going down: the relay resends this batch.
  if (sessionId === undefined || documentId === undefined) throw new Error('batch before a session was chosen');
  const db = database();
  const { events, uncapturedWorkers, held, malformed } = eventsOfHookBatches(documentId, batch.chunks);
  noteUncapturedWorkers(relay.frameUrl, uncapturedWorkers);
  forwardHeld(relay.tabId, relay.frameId, held);
  const frame = { sessionId, tabId: relay.tabId, frameId: relay.frameId, frameUrl: relay.frameUrl };
  const discardMessages = await isPaused(relay.tabId);
  // Once per batch, not per write attempt: a quota retry writes the same bytes again.
  const storable = await storableEvents(events, { readBlobs: !discardMessages });

  let evicted = await makeRoomForBudget(db, discardMessages ? 0 : messageBytes(events), sessionId);
  let outcome: BatchOutcome | undefined;
  try {
    const written = await writeEvictingOnQuota(
      () => writeBatch(db, frame, storable, { discardMessages }),
      () => evictOldestForQuota(db, sessionId),
    );
    outcome = written.result;
    evicted += written.evicted;
  } catch (error) {
    if (!isQuotaError(error)) throw error; // Not acknowledged: the relay resends after reconnecting.
    // Nothing left to evict: give up on this batch rather than stall capture.
    void postNotice('error', `Storage full: ${messageCount(events)} messages could not be stored`);
  }
  acknowledge(port, batch.batch);

  if (outcome) await addUsage(db, sessionId, outcome.storedBytes);
  if (outcome && outcome.storedMessages > 0) summariseSoon();
  if (evicted > 0) void postNotice('warning', storageFullNotice(evicted));
  const count = (value: unknown): number => (Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : 0);
  const dropped = count(batch.dropped);
  if (dropped > 0) lostMessages.note(relay.frameUrl, dropped);
  // Malformed page events say little to a user (a page can send any number), so they are only logged.
  const rejected = count(batch.rejected) + malformed;
  if (rejected > 0) console.debug(`[wsi] ignored ${rejected} malformed page events in ${relay.frameUrl}`);
  if (events.length > 0) notifyChanged(relay.tabId, sessionId);
}

/** Losses are reported per frame at most once a second: a page over the bound loses in every batch. */
const lostMessages = coalesce<string, number>(
  LOSS_NOTICE_INTERVAL_MS,
  (earlier, later) => earlier + later,
  async (lost) => {
    for (const [frameUrl, count] of lost) {
      await postNotice('warning', `${count} messages lost in ${frameUrl}: the page sent faster than they could be stored`);
    }
  },
);

function messageCount(events: readonly RelayedEvent[]): number {
  return events.filter((event) => event.t === 'message').length;
}

function acknowledge(port: Runtime.Port, batch: number): void {
  try {
    port.postMessage({ t: 'ack', batch });
  } catch {
    // The relay disconnected; it resends this batch and the unique index skips its messages.
  }
}
