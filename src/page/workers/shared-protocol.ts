// What a Firefox Shared Worker's hook and the page hooks of the documents using it say over their
// BroadcastChannel (named by src/shared/worker-boot.ts sharedWorkerChannelName, given to the page hook
// by the relay and to the worker by the background, in its script's prefix).
//
// The same channel serves Service Workers, which no document constructs: a document asks every running
// one to say `hello` (`discover`) when it opens the channel, and joins each that does (also one that
// starts later), since its own start.
//
// Worker → pages (UP): `hello` (the hook started, or answers `discover`: documents that constructed it, or any document for a Service Worker, join), `events`
// (captured events; with `to`, only for the document whose token it is: its join's answer, marked
// `replay`, or the result of its command). Page → worker (DOWN): `join` (a document uses the worker since `since`: it gets the
// worker's live connections and what they did since then), `command` (a panel's command, from the
// relay of that document); `discover` (no worker named: every Service Worker's hook says `hello`);
// `leave` (the document goes away). A Shared Worker's join answer names the documents that joined
// before, so a document whose tab already has one of them (its top page, a same-origin frame) leaves
// the recording to it, and takes it up when that one leaves: each tab records a socket once.
//
// A page's script can post on the channel if it learns its name: then it can only forge its own
// traffic, or command its own worker's sockets, which it can do anyway. Nothing here reaches the
// extension but as page events, checked like the page's own (worker-events.ts, the background).
import type { ContentToPage, HookEvent } from '../../shared/messages';

export const SHARED_UP = 'wsi-shared-up';
export const SHARED_DOWN = 'wsi-shared-down';

/** A Shared Worker is found by its script URL and name (within the origin the channel is in); a Service Worker by its script URL (name ''). */
export interface SharedWorkerKey {
  kind: 'shared' | 'service';
  scriptUrl: string;
  name: string;
}

export type SharedUp = { wsi: typeof SHARED_UP; worker: SharedWorkerKey } & (
  { t: 'hello' } | { t: 'events'; events: HookEvent[]; to?: string; replay?: true; joiners?: string[] }
);

/** `doc`: the joining document's id (same-tab-documents.ts); a join's answer lists the documents that joined before (`joiners`). */
export type SharedDownBody = { t: 'join'; since: number; doc: string } | { t: 'leave'; doc: string } | { t: 'command'; command: ContentToPage };

export type SharedDown = ({ wsi: typeof SHARED_DOWN; worker: SharedWorkerKey; token: string } & SharedDownBody) | { wsi: typeof SHARED_DOWN; t: 'discover' };
