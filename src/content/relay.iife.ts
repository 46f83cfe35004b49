// Isolated-world relay: page hook events → validated, batched → background; panel commands → hook.
// Loaded as a synchronous IIFE at document_start so its listener exists before page scripts run.
import { openPageChannel } from './page-channel';
import { randomUUID } from '../page/pristine';
import { parsePageEvent } from '../shared/validate';
import { EventBatcher, type PendingBatch } from './batcher';
import { openBackgroundLink } from './background-link';
import { createCommandRelay } from './command-relay';
import { getSettings, onSettingsChanged } from '../platform/settings';
import { scopeConnectionId } from '../db/connection-ids';
import { browser, type Runtime } from '../platform/browser';
import type { BackgroundToContent, ContentToBackground, PageToContent } from '../shared/messages';

// Not crypto.randomUUID: it is missing on plain-http pages (not a secure context).
const documentId = randomUUID();
const isTop = window === window.top;

const batchMessage = (batch: PendingBatch): ContentToBackground => ({
  t: 'batch',
  documentId,
  batch: batch.batch,
  events: batch.events,
  rejected: batch.rejected,
  dropped: batch.dropped,
});

const batcher = new EventBatcher((batch) => link.post(batchMessage(batch)));

const link = openBackgroundLink({
  hello: () => ({ t: 'hello', documentId, frameUrl: location.href, isTop, title: document.title }),
  resendOnConnect: () => batcher.pending().map(batchMessage),
  hasUnacked: () => batcher.pending().length > 0,
  onMessage(message) {
    if (message.t === 'ack') batcher.acknowledge(message.batch);
    else if (message.t === 'command') commands.fromBackground(message.command);
  },
});

// Created before the channel: the channel may deliver queued page events as soon as it opens.
const commands = createCommandRelay({
  documentId,
  toPage: (command) => channel.send(command),
  paired: () => channel.paired(),
  toBackground: (message) => link.post(message),
});

const channel = openPageChannel((untrusted: unknown) => {
  commands.flushConfig();
  const event = parsePageEvent(untrusted);
  if (!event) {
    batcher.reject();
    return;
  }
  if (event.t === 'command-result') {
    commands.resultFromPage(event);
    return;
  }
  batcher.add(scopeEvent(event));
});


// Commands also arrive by tabs.sendMessage when this frame has no open port (service worker restarted).
// Only extension contexts can reach this listener; pages cannot.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): void => {
  if (sender.id !== browser.runtime.id) return;
  const command = message as BackgroundToContent;
  if (command?.t === 'command') commands.fromBackground(command.command);
});

void getSettings().then((settings) => commands.configure(settings.maxPayloadBytes));
onSettingsChanged((settings) => commands.configure(settings.maxPayloadBytes));

// The top frame says hello at once, so its new session exists before any subframe's traffic arrives.
if (isTop) link.connect();

// Deliver the last few milliseconds of traffic before the document goes away.
addEventListener('pagehide', () => batcher.flush());

/** Connection ids from the page are scoped to this document before they leave it. */
function scopeEvent(event: Exclude<PageToContent, { t: 'command-result' }>): PageToContent {
  return { ...event, conn: scopeConnectionId(documentId, event.conn) };
}
