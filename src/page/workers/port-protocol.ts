// What a hooked worker and the hook that started it (the page's, or a parent worker's) say over their
// private MessageChannel. The parent hands the port over in its first postMessage to the worker, which
// the worker hook takes before any page listener can see it (worker-port.ts).
//
// Child → parent: `started` (the page's script loaded: messages the page posted meanwhile may go now),
// `fallback` (its classic script failed to load from the bootstrap: start it as the page asked),
// `events` (captured events, as the hook records them; binary payloads' ArrayBuffers transferred).
// Parent → child: `command` (a ContentToPage command for a connection in that worker, or the config).
//
// Everything a worker says is as untrusted as the page (the page's own code runs there): the parent
// rebuilds each event from its own-property, type-checked fields (worker-events.ts), and commands only
// ever go down.
import type { ContentToPage, HookEvent } from '../../shared/messages';

export type ChildToParent = { t: 'started' } | { t: 'fallback'; reason: string } | { t: 'events'; events: HookEvent[] };

export type ParentToChild = { t: 'command'; command: ContentToPage };

/** What the parent writes into the bootstrap for the worker hook (worker-hook.ts). */
export interface WorkerHookParams {
  /** The first message the parent posts carries exactly this string and the port. */
  nonce: string;
  /** The page's script, absolute. */
  scriptUrl: string;
  type: 'classic' | 'module';
  name: string;
  /** As `binaryHandOver.asBytes` in the page: binary payloads as ArrayBuffers (Chrome) or base64 (Firefox). */
  binaryAsBytes: boolean;
  /** The capture cap in force when the worker started (the parent sends changes as `config` commands). */
  maxPayloadBytes: number;
}
