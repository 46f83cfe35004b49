// Inside a hooked worker: the link to the hook that started it. The port arrives with the parent's
// first message (data: this worker's nonce), which is taken before any listener of the page's script
// can see it: ours is registered first, in the capture phase, and stops the event. Until then events
// wait in a PrePairingBuffer, as the page hook's do before its channel pairs. Events go up in batches,
// at most one hand-over per HAND_OVER_WINDOW_MS while traffic goes on, as in the page (hand-over-throttle.ts);
// binary payloads' ArrayBuffers (our own copies) are transferred, not copied.
import type { HookEvent } from '../../shared/messages';
import { handOverThrottle } from '../hand-over-throttle';
import { PrePairingBuffer } from '../pre-pairing-buffer';
import {
  addEventListener,
  getOwnPropertyDescriptor,
  isTrustedEvent,
  newList,
  removeEventListener,
  uncurryGetter,
  uncurryThis,
  type List,
} from '../../worlds/pristine';
import type { ChildToParent } from './port-protocol';

const messageData = uncurryGetter<unknown>(MessageEvent.prototype, 'data');
const messagePorts = uncurryGetter<readonly MessagePort[]>(MessageEvent.prototype, 'ports');
const stopImmediatePropagation = uncurryThis(Event.prototype.stopImmediatePropagation);
const portPostMessage = uncurryThis(MessagePort.prototype.postMessage) as (port: MessagePort, message: unknown, transfer: Transferable[]) => void;
const portStart = uncurryThis(MessagePort.prototype.start);
const arrayBufferByteLength = uncurryGetter<number>(ArrayBuffer.prototype, 'byteLength');

export interface ParentLink {
  emit(event: HookEvent): void;
  signal(message: ChildToParent): void;
}

export function openParentLink(nonce: string, onCommand: (untrusted: unknown) => void): ParentLink {
  const buffer = new PrePairingBuffer();
  const signals = newList<ChildToParent>();
  let port: MessagePort | null = null;
  let batch: List<HookEvent> = newList<HookEvent>();

  const handOver = (): void => {
    if (!port || batch.length === 0) return;
    const events = batch;
    batch = newList<HookEvent>();
    throttle.handedOver();
    try {
      portPostMessage(port, { t: 'events', events: events as unknown as HookEvent[] } satisfies ChildToParent, transferablesOf(events));
    } catch {
      // Never into the page's code: what could not be posted is lost, the worker keeps working.
    }
  };

  const throttle = handOverThrottle(handOver);

  const queue = (event: HookEvent): void => {
    batch[batch.length] = event;
    throttle.schedule();
  };

  const onCommandMessage = (event: Event): void => {
    try {
      const data = messageData(event);
      if (typeof data !== 'object' || data === null || getOwnPropertyDescriptor(data, 't')?.value !== 'command') return;
      onCommand(getOwnPropertyDescriptor(data, 'command')?.value);
    } catch {
      // A malformed command never surfaces in the page's code.
    }
  };

  const onFirstMessage = (event: Event): void => {
    try {
      // Only the parent's own postMessage: a script of the page dispatching a look-alike is not trusted.
      if (port !== null || !isTrustedEvent(event) || messageData(event) !== nonce) return;
      const ports = messagePorts(event);
      if (ports.length !== 1) return;
      stopImmediatePropagation(event);
      removeEventListener(globalThis, 'message', onFirstMessage, true);
      port = ports[0]!;
      addEventListener(port, 'message', onCommandMessage);
      portStart(port);
      for (let index = 0; index < signals.length; index++) portPostMessage(port, signals[index]!, []);
      signals.length = 0;
      const pending = buffer.drain();
      for (let index = 0; index < pending.length; index++) queue(pending[index]!);
    } catch {
      // Not ours after all.
    }
  };
  addEventListener(globalThis, 'message', onFirstMessage, true);

  return {
    emit(event) {
      if (port === null) buffer.add(event);
      else queue(event);
    },
    signal(message) {
      if (port === null) signals[signals.length] = message;
      else portPostMessage(port, message, []);
    },
  };
}

/** The ArrayBuffers binary payloads carry (Chrome builds): ours alone, so they move instead of being copied. */
function transferablesOf(events: List<HookEvent>): Transferable[] {
  const list: Transferable[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.t !== 'message' || !('bytes' in event.payload)) continue;
    const bytes = event.payload.bytes;
    try {
      arrayBufferByteLength(bytes);
      list[list.length] = bytes as ArrayBuffer;
    } catch {
      // A Blob: it crosses as a handle anyway.
    }
  }
  return list;
}
