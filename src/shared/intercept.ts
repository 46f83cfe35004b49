// Intercept, rules and mocks: the shapes that cross contexts (panel, background, relay, page hook) and
// are stored (rules in storage.local, marks on message records). Pure types and limits; the engine
// that evaluates them is src/rules/, the page's use of it src/page/intercept/.
import type { Direction, Payload } from './models';

export type RuleDirection = Direction | 'both';

/**
 * What a message must look like for a rule or breakpoint to apply. Text and JSON conditions look at text
 * messages only; binary messages match `any` alone.
 */
export type Condition =
  | { kind: 'any' }
  /** The text contains `text` (case-sensitive). */
  | { kind: 'text'; text: string }
  /** The text matches `pattern` (src/rules/regex.ts: a bounded subset of JavaScript's syntax); `flags` of i, m, s. */
  | { kind: 'regex'; pattern: string; flags: string }
  /** The text is JSON with a field at `path` (e.g. `$.user.id`, `items[0].name`), whose value, when given, is `value`: a string field as it is, anything else as JSON. */
  | { kind: 'json'; path: string; value?: string }
  /**
   * A field of a decoded protocol (PROTOCOL_FIELDS: e.g. Socket.IO's `event`, MQTT's `topic`) whose value
   * fits `value`, `*` standing for any run of characters. Messages that are not that protocol's never match.
   */
  | { kind: 'protocol'; protocol: FieldProtocol; field: string; value: string };

/**
 * The protocols whose fields conditions can name, and those fields (names as in the panel's field filters).
 * Read in the page hook, so cheaply: no decoder runs there, only a reader for the fields listed here.
 */
export const PROTOCOL_FIELDS = {
  'socket.io': ['event', 'namespace'],
  stomp: ['destination'],
  mqtt: ['topic'],
  graphql: ['operation'],
  'json-rpc': ['method'],
} as const;

export type FieldProtocol = keyof typeof PROTOCOL_FIELDS;

export type RuleAction =
  /** Every occurrence of `find` (text, or a pattern with `flags`, whose groups `$1`, `$<name>`, `$&` the replacement may use). */
  | { kind: 'replace'; find: string; regex: boolean; flags: string; replacement: string }
  /** The field at `path` set to `value`: JSON text, or a string when `value` is not JSON. */
  | { kind: 'set-json'; path: string; value: string }
  | { kind: 'remove-json'; path: string }
  | { kind: 'drop' }
  /** Later messages of the connection, same direction, wait behind a delayed one: order is kept. */
  | { kind: 'delay'; ms: number }
  | { kind: 'duplicate'; copies: number }
  /**
   * A reply delivered to the page (for a sent message) built from `template` (src/rules/template.ts:
   * `{{path}}` a request field as JSON, `{{text:path}}` as text, `{{$1}}` / `{{$<name>}}` the condition's
   * groups, `{{request}}` the whole message), after `delayMs`; `suppress` keeps the original from the server.
   */
  | { kind: 'mock'; template: string; delayMs: number; suppress: boolean }
  /** Whole-socket mock: matching sockets open with no server (the page's sends reach rules only); `greeting` is delivered on open when set. */
  | { kind: 'serve'; protocol: string; greeting: string };

export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  /** '' for every site; else the origin of the documents it applies to, e.g. `https://example.com`. */
  site: string;
  direction: RuleDirection;
  /** The socket URL, `*` standing for any run of characters; '' for every socket. */
  url: string;
  condition: Condition;
  action: RuleAction;
}

/** The Intercept switch's conditions: a message matching one is held until the panel decides. */
export interface Breakpoint {
  direction: RuleDirection;
  url: string;
  condition: Condition;
}

/** What was done to a message, in order, and by which rule (its name) or `Breakpoint`. */
export const INTERCEPT_STEP_ACTIONS = ['held', 'edited', 'modified', 'dropped', 'delayed', 'duplicated', 'mocked'] as const;
export type InterceptStepAction = (typeof INTERCEPT_STEP_ACTIONS)[number];

export interface InterceptStep {
  action: InterceptStepAction;
  by: string;
}

/** Kept with a message record that a rule or breakpoint touched: what happened, and the payload before it changed. */
export interface InterceptMark {
  steps: InterceptStep[];
  original?: Payload;
}

/** The name marks use for the Intercept switch. */
export const BREAKPOINT_NAME = 'Breakpoint';

/** The storage.local key holding the ordered rule list. */
export const RULES_KEY = 'interceptRules';

export const MAX_RULES = 200;
export const MAX_RULE_TEXT = 10_000;
export const MAX_STEPS = 16;
export const MAX_DELAY_MS = 60_000;
export const MAX_COPIES = 10;
export const MAX_BREAKPOINTS = 20;
/** How long the hook honours a breakpoint set without renewal; the panel renews it every LEASE_RENEW_MS. */
export const LEASE_MS = 6_000;
export const LEASE_RENEW_MS = 2_000;
