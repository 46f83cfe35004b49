// Isolated-world relay: page hook batches → batched, unparsed → background; panel commands → hook.
// Loaded as a synchronous IIFE at document_start so its listener exists before page scripts run.
import { openPageChannel } from './page-channel';
import { randomUUID } from '../worlds/pristine';
import { parseRelayEvent } from '../shared/validate';
import { sharedWorkerChannelName } from '../shared/worker-boot';
import { takeCommandResults } from './hook-batches';
import { EventBatcher, type PendingBatch } from './batcher';
import { openBackgroundLink } from './background-link';
import { createCommandRelay } from './command-relay';
import { startInterceptConfig } from './intercept-config';
import { getSettings, onSettingsChanged } from '../platform/settings';
import { nativeApi as browser } from '../platform/native-api';
import type { Runtime } from '../platform/browser';
import type { BackgroundToContent, ContentToBackground, InterceptDelivery } from '../shared/messages';

// Not crypto.randomUUID: it is missing on plain-http pages (not a secure context).
const documentId = randomUUID();
const isTop = window === window.top;

const batchMessage = (batch: PendingBatch): ContentToBackground => ({
  t: 'batch',
  documentId,
  batch: batch.batch,
  chunks: batch.chunks,
  rejected: batch.rejected,
  dropped: batch.dropped,
});

/**
 * Batches posted but not yet acknowledged, at most: bounds what the background holds in memory when
 * it writes slower than the page sends; the rest waits here, where the 64 MB bound applies.
 */
const MAX_BATCHES_IN_FLIGHT = 8;

const batcher = new EventBatcher(() => pump());

/** Posts waiting batches in order while the in-flight window has room; connects if needed. */
function pump(): void {
  if (!link.isConnected()) {
    if (batcher.nextUnposted()) link.connect(); // Its hello handler pumps again.
    return;
  }
  while (batcher.inFlight() < MAX_BATCHES_IN_FLIGHT) {
    const batch = batcher.nextUnposted();
    if (!batch || !link.send(batchMessage(batch))) return;
    batch.posted = true;
  }
}

const link = openBackgroundLink({
  hello: () => ({ t: 'hello', documentId, frameUrl: location.href, isTop, title: document.title }),
  onConnected() {
    batcher.markAllUnposted();
    pump();
  },
  hasUnacked: () => batcher.pending().length > 0,
  onMessage(message) {
    if (message.t === 'ack') {
      batcher.acknowledge(message.batch);
      pump();
    } else if (message.t === 'command') {
      commands.fromBackground(message.command);
    }
  },
});

// Created before the channel: the channel may deliver queued page events as soon as it opens.
const commands = createCommandRelay({
  documentId,
  toPage: (command) => channel.send(command),
  paired: () => channel.paired(),
  toBackground: (message) => link.post(message),
});

const intercept = startInterceptConfig((command) => channel.send(command), location.origin);
// Pairing may complete inside openPageChannel (the hook ran first), before `channel` is assigned.
let channelOpened = false;
const channel = openPageChannel(
  (untrusted) => {
    commands.flushConfig();
    const { results, rest } = takeCommandResults(untrusted);
    for (const result of results) {
      const checked = parseRelayEvent(result);
      if (checked?.t === 'command-result') commands.resultFromPage(checked);
      else batcher.reject();
    }
    if (rest) batcher.add(rest);
  },
  () => batcher.reject(),
  () => {
    if (channelOpened) onPaired();
  },
);
channelOpened = true;
if (channel.paired()) onPaired();

/** The hook is listening: it learns (Firefox) the channel its Shared Workers' hooks speak on (src/background/shared-worker-scripts.ts), then the intercept state. */
function onPaired(): void {
  if (import.meta.env.MODE === 'firefox') channel.send({ t: 'shared-channel', name: sharedWorkerChannelName(browser.runtime.getURL('/')) });
  intercept.paired();
}

// Commands also arrive by tabs.sendMessage when this frame has no open port (service worker restarted).
// Only extension contexts can reach this listener; pages cannot.
// The Intercept switch is answered when this frame's hook has it, so the panel can say it is active. The
// answer is synchronous through sendResponse, which both browsers' own APIs take (a returned Promise is
// Firefox's and the polyfill's); the typings only know the asynchronous form, hence the cast.
const onBackgroundMessage = (message: unknown, sender: Runtime.MessageSender, answer: (delivery: InterceptDelivery) => void): void => {
  if (sender.id !== browser.runtime.id) return;
  const command = message as BackgroundToContent;
  if (command?.t !== 'command') return;
  commands.fromBackground(command.command);
  if (command.command.t === 'intercept-breakpoints' && channel.paired()) answer({ t: 'intercept-delivered' });
};
browser.runtime.onMessage.addListener(onBackgroundMessage as unknown as Runtime.OnMessageListener);

void getSettings().then((settings) => commands.configure(settings.maxPayloadBytes));
onSettingsChanged((settings) => commands.configure(settings.maxPayloadBytes));

// The top frame says hello at once, so its new session exists before any subframe's traffic arrives.
// Not from a tab's initial about:blank (Firefox injects there): it would start an empty session.
if (isTop && location.protocol !== 'about:') link.connect();

// Deliver the last few milliseconds of traffic before the document goes away (or into the back-forward
// cache), including what the hook hands over in its own pagehide listener, whichever runs first.
addEventListener('pagehide', () => {
  batcher.flushEachEvent = true;
  batcher.flush();
});
addEventListener('pageshow', () => {
  batcher.flushEachEvent = false;
});
// A hidden tab's timers are throttled (about once a second in Chrome): on hiding, what waits goes now.
// Bubbling, so it runs after the hook's capturing listener has handed its own waiting events over.
addEventListener('visibilitychange', () => {
  if (document.hidden) batcher.flush();
});
