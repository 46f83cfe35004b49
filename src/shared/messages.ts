// Every cross-context message, as unions named by direction (sender → receiver).
import type {
  CloseInfo,
  ConnectionRecord,
  DeepCaptureState,
  Direction,
  MessageOrigin,
  Payload,
  PayloadSource,
  SessionRecord,
  SocketApi,
  WorkerContext,
} from './models';
import type { Breakpoint, InterceptMark, Rule } from './intercept';

// ---- page hook (MAIN world) → content script (isolated world) ----
// Untrusted: the page shares the MAIN world. Shape-checked in src/shared/validate.ts.
export type PageToContent =
  | { t: 'created'; conn: string; url: string; protocols: string[]; time: number; origin: MessageOrigin; worker?: WorkerContext; api?: SocketApi }
  | { t: 'open'; conn: string; protocol: string; extensions: string; time: number }
  | { t: 'message'; conn: string; seq: number; dir: Direction; time: number; payload: Payload; origin: MessageOrigin; mark?: InterceptMark }
  | { t: 'close'; conn: string; time: number; close: CloseInfo }
  | { t: 'error'; conn: string; time: number; text: string }
  | { t: 'command-result'; id: string; ok: boolean; error?: string; conn?: string }
  /**
   * A worker the page started as it would without the extension, its sockets unseen (src/page/workers/);
   * `notStarted`: it did not start at all, as without the extension (its script could not be loaded).
   */
  | { t: 'worker-uncaptured'; time: number; worker: WorkerContext; reason: string; notStarted?: true }
  | HeldEvent;

/** Page events that concern no connection: told to the user, not stored with a connection. */
export type UncapturedWorker = Extract<PageToContent, { t: 'worker-uncaptured' }>;

/** Intercept: a message a breakpoint holds (binary as base64), and its release; routed to the panel, not stored. */
export type HeldEvent =
  { t: 'held'; conn: string; hold: string; dir: Direction; time: number; payload: Payload } | { t: 'released'; conn: string; hold: string };

/**
 * A binary payload's bytes on their way to the background: in memory, or, from BLOB_MIN_BYTES
 * (src/shared/binary-body.ts) up, as a Blob whose bytes the browser process holds. Handing a Blob on
 * (across worlds, down the port) moves a handle, not the bytes, which costs the page's thread less
 * than cloning an ArrayBuffer does (docs/PERFORMANCE.md). The background
 * reads it into bytes before storing (src/background/storable-events.ts).
 */
export type BinaryBody = ArrayBuffer | Blob;

/**
 * Chrome only (it clones object details between worlds; Firefox refuses them): a binary payload in
 * the JSON of a hook batch whose bytes travel beside the JSON, as `buffers[buffer]` of a
 * BatchWithBuffers. Cloning an ArrayBuffer costs the page's thread a fraction of base64 and JSON.
 */
export interface BufferedBinaryPayload {
  kind: 'binary';
  source: PayloadSource;
  size: number;
  buffer: number;
  truncated: boolean;
}

/**
 * A hook batch: the JSON array of its events and the bytes its binary payloads name. The CustomEvent
 * detail when some payloads are bytes (else the JSON alone), and how the relay hands every hook batch
 * on to the background, unparsed: the background checks each event anyway (it is the boundary against
 * a compromised renderer), and posting one string costs the page's thread a fraction of cloning the
 * events it holds.
 */
export interface BatchWithBuffers {
  json: string;
  buffers: BinaryBody[];
}

// ---- content script → page hook: commands, only ever originating from our panel ----
export type ContentToPage = SocketCommand | InterceptCommand | SharedChannelCommand;

/**
 * Firefox builds: the name of the BroadcastChannel Shared Workers' hooks speak on (worker-boot.ts
 * sharedWorkerChannelName), the relay's own, sent as soon as it pairs (src/page/workers/shared-workers.ts).
 */
export type SharedChannelCommand = { t: 'shared-channel'; name: string };

/** Commands on the page's sockets and the capture's settings (src/page/commands.ts). */
export type SocketCommand =
  | { t: 'send'; id: string; conn: string; payload: PayloadInput }
  | { t: 'inject'; id: string; conn: string; payload: PayloadInput }
  /** `holderOf`: a connection whose holder (a dedicated worker) opens the new one; the document does without it. */
  | { t: 'connect'; id: string; url: string; protocols: string[]; holderOf?: string }
  | { t: 'config'; maxPayloadBytes: number };

/**
 * Intercept commands (src/page/intercept/). The relay alone sends `intercept-await` (at pairing: hold
 * traffic until the rules come) and `intercept-rules` (this document's rules, from storage); the panel
 * sends `intercept-breakpoints` (renewed while the Intercept switch is on: the lease) through the
 * background, and `intercept-release` (forward, edited or not, or drop a held message).
 */
export type InterceptCommand =
  | { t: 'intercept-await' }
  | { t: 'intercept-rules'; rules: Rule[] }
  | { t: 'intercept-breakpoints'; breakpoints: Breakpoint[]; leaseMs: number }
  | { t: 'intercept-release'; id: string; conn: string; hold: string; verdict: 'forward' | 'drop'; payload?: PayloadInput };

/** A payload to send or inject: text, or binary as base64. */
export interface PayloadInput {
  kind: 'text' | 'binary';
  data: string;
}

// ---- content script → background (runtime port CONTENT_PORT) ----
/**
 * A binary payload as bytes: as the Chrome hook records it, and as the background reads it out of a
 * hook batch (from the batch's buffers, or decoded from its base64). Structured-clone messaging
 * carries an ArrayBuffer for a fraction of what the base64 string costs the page's thread, and a Blob
 * for less again.
 */
export interface RelayedBinaryPayload {
  kind: 'binary';
  source: PayloadSource;
  size: number;
  bytes: BinaryBody;
  truncated: boolean;
}

/** A text payload (a Payload of kind "text"). */
export type TextPayload = Payload & { kind: 'text' };

/** A payload as the background checks and stores it: text, or binary as bytes. */
export type RelayedPayload = TextPayload | RelayedBinaryPayload;

/** A payload as the hook records it: binary as bytes in Chrome builds, as base64 in Firefox builds. */
export type CapturedPayload = Payload | RelayedBinaryPayload;

type MessageWith<P> = Omit<Extract<PageToContent, { t: 'message' }>, 'payload'> & { payload: P };

/** A page event once checked: binary payloads as bytes, everything else as the hook sent it. */
export type RelayedEvent = Exclude<PageToContent, { t: 'message' | 'command-result' | 'worker-uncaptured' } | HeldEvent> | MessageWith<RelayedPayload>;

/**
 * An event as the hook records it, before the page channel packs it: in Chrome builds binary payloads
 * are copies of their bytes (sent beside the JSON as BufferedBinaryPayload), in Firefox builds base64.
 */
export type HookEvent = Exclude<PageToContent, { t: 'message' }> | MessageWith<CapturedPayload>;

export type ContentToBackground =
  | { t: 'hello'; documentId: string; frameUrl: string; isTop: boolean; title: string }
  | { t: 'batch'; documentId: string; batch: number; chunks: BatchWithBuffers[]; rejected: number; dropped: number }
  | { t: 'command-result'; id: string; ok: boolean; error?: string; conn?: string };

// ---- background → content script ----
export type BackgroundToContent = { t: 'ack'; batch: number } | { t: 'command'; command: ContentToPage };

/** A frame's answer to `intercept-breakpoints` sent by tabs.sendMessage, from frames whose page hook has the switch (the channel is paired); others do not answer. */
export interface InterceptDelivery {
  t: 'intercept-delivered';
}

// ---- panel → background (runtime port PANEL_PORT, or one-shot runtime.sendMessage) ----
export type PanelToBackground =
  | { t: 'watch'; tabId: number }
  | { t: 'set-paused'; tabId: number; paused: boolean }
  | { t: 'clear'; sessionIds: string[] }
  | { t: 'command'; tabId: number; frameId: number; command: ContentToPage }
  /** Stores the ordered rule list (storage.local), which every relay passes on to its page. */
  | { t: 'set-rules'; rules: Rule[] }
  /** The Intercept switch for a tab: its breakpoints, renewed every LEASE_RENEW_MS while on; [] turns it off. `revision` names this state in the answer (`intercept-state`). */
  | { t: 'intercept'; tabId: number; breakpoints: Breakpoint[]; revision: number }
  /** Deep capture (Chromium): attach Chrome's debugger to the tab's shared and service workers, or detach. */
  | { t: 'deep-capture'; tabId: number; on: boolean };

// ---- background → panel ----
export type BackgroundToPanel =
  | { t: 'changed'; tabId: number; sessionId: string }
  | { t: 'session-started'; session: SessionRecord }
  | { t: 'notice'; level: 'info' | 'warning' | 'error'; text: string }
  | { t: 'command-result'; id: string; ok: boolean; error?: string; conn?: string }
  | { t: 'paused'; tabId: number; paused: boolean }
  | { t: 'held'; tabId: number; frameId: number; events: HeldEvent[] }
  /** Whether the Intercept switch of `revision` reached the tab's page (a frame's hook has it) or found no capture there. */
  | { t: 'intercept-state'; tabId: number; revision: number; reached: boolean }
  | { t: 'deep-capture'; tabId: number; state: DeepCaptureState };

export type ConnectionUpdate = Partial<ConnectionRecord> & { id: string };
