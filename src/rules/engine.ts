// The rule engine: rules and breakpoints compiled once, then applied to one message at a time, in the
// page's thread, before the socket sends or the page's listeners see the message. Pure (no DOM, no
// extension API) and built on captured built-ins, so a page that patched String or JSON methods neither
// changes what rules do nor learns what they contain. What it decides the page hook carries out
// (src/page/intercept/).
import {
  BREAKPOINT_NAME,
  type Breakpoint,
  type Condition,
  type FieldProtocol,
  type InterceptStep,
  type InterceptStepAction,
  type Rule,
  type RuleAction,
  type RuleDirection,
} from '../shared/intercept';
import type { Direction } from '../shared/models';
import { matchesUrlPattern } from './glob';
import { NOT_JSON_VALUE, fieldText, parseJson, parseJsonPath, readPath, removePath, stringifyJson, writePath, type JsonValue } from './json-path';
import { DEFAULT_STEP_BUDGET, OUT_OF_STEPS, compileRegex, type BoundedRegex, type StepBudget } from './regex';
import { compileTemplate, renderTemplate, type Template } from './template';
import type { FieldPairs } from './field-text';
import { ProtocolWatch, hasField, keepsState, readFields, type ByteView, type FieldSource } from './protocol-fields';
import { newList, setPrototypeOf, stringCharCodeAt, stringIncludes, stringIndexOf, stringSlice, type List } from '../worlds/pristine';

/**
 * A message as rules see it: its direction, text (null for binary), bytes on demand, its JSON parsed at
 * most once per text, and its protocol fields read at most once per protocol and text.
 */
export class Subject implements FieldSource {
  private parsed: JsonValue | undefined | null = null;
  private fieldsRead: Record<string, FieldPairs> | null = null;

  constructor(
    public readonly dir: Direction,
    public text: string | null,
    private readonly bytes: (() => ByteView | null) | null = null,
    private readonly watch: ProtocolWatch | null = null,
  ) {}

  binary(): ByteView | null {
    return this.text === null && this.bytes !== null ? this.bytes() : null;
  }

  json(): JsonValue | undefined {
    if (this.text === null) return undefined;
    if (this.parsed === null) {
      const value = parseJson(this.text);
      this.parsed = value === NOT_JSON_VALUE ? undefined : value;
    }
    return this.parsed;
  }

  fields(protocol: FieldProtocol): FieldPairs {
    // Prototype-less: a page's setter on Object.prototype must not see what is stored.
    this.fieldsRead ??= setPrototypeOf({}, null) as Record<string, FieldPairs>;
    return (this.fieldsRead[protocol] ??= readFields(protocol, this, this.watch ?? new ProtocolWatch()));
  }

  /** After a change to the parsed JSON: the text follows it. */
  jsonChanged(): void {
    this.text = stringifyJson(this.parsed);
    this.fieldsRead = null;
  }

  setText(text: string): void {
    this.text = text;
    this.parsed = null;
    this.fieldsRead = null;
  }
}

/** What a matching condition found: regular-expression groups for replies and replacements. */
interface Found {
  text: string;
  groups: Int32Array | null;
  names: List<string> | null;
}

const NO_GROUPS: Found = { text: '', groups: null, names: null };

type ConditionTest = (subject: Subject, budget: StepBudget) => Found | null;

function compileCondition(condition: Condition): ConditionTest {
  switch (condition.kind) {
    case 'any':
      return () => NO_GROUPS;
    case 'text': {
      const needle = condition.text;
      return (subject) => (subject.text !== null && stringIncludes(subject.text, needle) ? NO_GROUPS : null);
    }
    case 'regex': {
      const regex = compileRegex(condition.pattern, condition.flags);
      return (subject, budget) => {
        if (subject.text === null) return null;
        const match = regex.exec(subject.text, 0, budget);
        if (match === null || match === OUT_OF_STEPS) return null;
        return { text: subject.text, groups: match.groups, names: regex.names };
      };
    }
    case 'protocol': {
      const { protocol, field, value } = condition;
      return (subject) => (hasField(subject.fields(protocol), field, value) ? NO_GROUPS : null);
    }
    case 'json': {
      const path = parseJsonPath(condition.path);
      const expected = condition.value;
      // Every field name on the path appears quoted in the text, unless the text escapes something:
      // most messages are told apart without parsing them.
      const keys = newList<string>();
      for (let index = 0; index < path.length; index++) if (typeof path[index] === 'string') keys[keys.length] = stringifyJson(path[index]);
      return (subject) => {
        const text = subject.text;
        if (text === null) return null;
        if (!stringIncludes(text, '\\')) for (let index = 0; index < keys.length; index++) if (!stringIncludes(text, keys[index]!)) return null;
        const json = subject.json();
        if (json === undefined) return null;
        const found = readPath(json, path);
        if (!found.found) return null;
        return expected === undefined || fieldText(found.value) === expected ? NO_GROUPS : null;
      };
    }
  }
}

function groupText(found: Found, index: number, name: string): string {
  if (found.groups === null || found.names === null) return '';
  let group = index;
  if (group < 0) for (let at = 1; at < found.names.length; at++) if (found.names[at] === name) group = at;
  if (group < 0 || group * 2 + 1 >= found.groups.length) return '';
  const start = found.groups[group * 2]!;
  const end = found.groups[group * 2 + 1]!;
  return start < 0 || end < start ? '' : stringSlice(found.text, start, end);
}

/** A reply a mock rule delivers to the page. */
export interface Reply {
  text: string;
  delayMs: number;
  by: string;
}

/** What the rules decided for one message. */
export interface Outcome {
  /** The message's text after the rules (null for binary). */
  text: string | null;
  changed: boolean;
  drop: boolean;
  delayMs: number;
  copies: number;
  replies: List<Reply>;
  steps: List<InterceptStep>;
}

type Act = (subject: Subject, found: Found, outcome: Outcome, budget: StepBudget, dir: Direction) => void;

function step(outcome: Outcome, action: InterceptStepAction, by: string): void {
  outcome.steps[outcome.steps.length] = { action, by };
}

function compileAction(action: RuleAction, name: string): Act {
  switch (action.kind) {
    case 'replace':
      return compileReplace(action, name);
    case 'set-json':
    case 'remove-json': {
      const path = parseJsonPath(action.path);
      const setting = action.kind === 'set-json';
      // set-json's value is JSON text, or a plain string when it is not JSON.
      const parsedValue = action.kind === 'set-json' ? parseJson(action.value) : undefined;
      const newValue = parsedValue === NOT_JSON_VALUE && action.kind === 'set-json' ? action.value : parsedValue;
      return (subject, _found, outcome) => {
        const json = subject.json();
        if (json === undefined) return;
        // A fresh copy of an object value each time: messages must not share (and so change) one tree.
        const done = setting ? writePath(json, path, copyJson(newValue)) : removePath(json, path);
        if (!done) return;
        subject.jsonChanged();
        outcome.changed = true;
        step(outcome, 'modified', name);
      };
    }
    case 'drop':
      return (_subject, _found, outcome) => {
        outcome.drop = true;
        step(outcome, 'dropped', name);
      };
    case 'delay': {
      const ms = action.ms;
      return (_subject, _found, outcome) => {
        outcome.delayMs += ms;
        step(outcome, 'delayed', name);
      };
    }
    case 'duplicate': {
      const copies = action.copies;
      return (_subject, _found, outcome) => {
        outcome.copies += copies;
        step(outcome, 'duplicated', name);
      };
    }
    case 'mock': {
      const template: Template = compileTemplate(action.template);
      const { delayMs, suppress } = action;
      return (subject, found, outcome, _budget, dir) => {
        if (dir !== 'send' || subject.text === null) return; // replies answer what the page sent
        const request = subject.text;
        const text = renderTemplate(template, { text: request, json: () => subject.json(), group: (index, groupName) => groupText(found, index, groupName) });
        outcome.replies[outcome.replies.length] = { text, delayMs, by: name };
        step(outcome, 'mocked', name);
        if (suppress) {
          outcome.drop = true;
          step(outcome, 'dropped', name);
        }
      };
    }
    case 'serve':
      return () => undefined; // whole-socket mocks act when a socket opens, not per message
  }
}

function copyJson(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? parseJson(stringifyJson(value)) : value;
}

type ReplacementPart = string | number | { name: string };

/** `$1`-`$99`, `$<name>`, `$&` (the match) and `$$` (a dollar sign), as String.prototype.replace reads them. */
function compileReplacement(replacement: string, regex: BoundedRegex | null): List<ReplacementPart> {
  const parts = newList<ReplacementPart>();
  let literal = '';
  for (let at = 0; at < replacement.length; at++) {
    const code = stringCharCodeAt(replacement, at);
    const next = at + 1 < replacement.length ? stringCharCodeAt(replacement, at + 1) : -1;
    if (code !== 0x24 || regex === null || next < 0) {
      literal += stringSlice(replacement, at, at + 1);
      continue;
    }
    let part: ReplacementPart | null = null;
    if (next === 0x24) {
      literal += '$';
      at++;
      continue;
    } else if (next === 0x26) {
      part = 0;
      at++;
    } else if (next >= 0x30 && next <= 0x39) {
      const two = at + 2 < replacement.length ? stringCharCodeAt(replacement, at + 2) : -1;
      const twoDigits = two >= 0x30 && two <= 0x39 ? (next - 0x30) * 10 + (two - 0x30) : -1;
      if (twoDigits >= 1 && twoDigits <= regex.groupCount) {
        part = twoDigits;
        at += 2;
      } else if (next - 0x30 >= 1 && next - 0x30 <= regex.groupCount) {
        part = next - 0x30;
        at++;
      }
    } else if (next === 0x3c) {
      const close = stringIndexOf(replacement, '>', at + 2);
      if (close > 0) {
        part = { name: stringSlice(replacement, at + 2, close) };
        at = close;
      }
    }
    if (part === null) {
      literal += '$';
      continue;
    }
    if (literal !== '') parts[parts.length] = literal;
    literal = '';
    parts[parts.length] = part;
  }
  if (literal !== '') parts[parts.length] = literal;
  return parts;
}

function compileReplace(action: Extract<RuleAction, { kind: 'replace' }>, name: string): Act {
  const regex = action.regex ? compileRegex(action.find, action.flags) : null;
  const parts = compileReplacement(action.replacement, regex);
  const find = action.find;
  return (subject, _found, outcome, budget) => {
    const text = subject.text;
    if (text === null) return;
    let out = '';
    let from = 0;
    let replaced = false;
    while (from <= text.length) {
      let start: number;
      let end: number;
      let found: Found = NO_GROUPS;
      if (regex === null) {
        start = stringIndexOf(text, find, from);
        if (start < 0) break;
        end = start + find.length;
      } else {
        const match = regex.exec(text, from, budget);
        if (match === OUT_OF_STEPS) return; // too costly: the message goes on unchanged
        if (match === null) break;
        start = match.start;
        end = match.end;
        found = { text, groups: match.groups, names: regex.names };
      }
      out += stringSlice(text, from, start);
      for (let index = 0; index < parts.length; index++) {
        const part = parts[index]!;
        out += typeof part === 'string' ? part : typeof part === 'number' ? groupText(found, part, '') : groupText(found, -1, part.name);
      }
      replaced = true;
      if (end === start) {
        // An empty match: keep the character after it and move on, as String.prototype.replace does.
        if (start < text.length) out += stringSlice(text, start, start + 1);
        from = start + 1;
      } else from = end;
    }
    if (!replaced) return;
    if (from < text.length) out += stringSlice(text, from);
    if (out === text) return;
    subject.setText(out);
    outcome.changed = true;
    step(outcome, 'modified', name);
  };
}

interface CompiledMatcher {
  direction: RuleDirection;
  url: string;
  test: ConditionTest;
  /** The protocol its condition names, if any. */
  protocol: FieldProtocol | null;
}

function protocolOf(condition: Condition): FieldProtocol | null {
  return condition.kind === 'protocol' ? condition.protocol : null;
}

export interface CompiledRule extends CompiledMatcher {
  name: string;
  act: Act;
  /** For whole-socket mocks: the protocol to report and the greeting to deliver on open. */
  serve: { protocol: string; greeting: string } | null;
}

/** The enabled rules, compiled in order. Throws RuleSyntaxError for a rule that does not compile (parse.ts checks first). */
export function compileRules(rules: List<Rule>): List<CompiledRule> {
  const compiled = newList<CompiledRule>();
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (!rule.enabled) continue;
    const serve = rule.action.kind === 'serve' ? { protocol: rule.action.protocol, greeting: rule.action.greeting } : null;
    compiled[compiled.length] = {
      name: rule.name,
      direction: rule.direction,
      url: rule.url,
      test: compileCondition(rule.condition),
      protocol: protocolOf(rule.condition),
      act: compileAction(rule.action, rule.name),
      serve,
    };
  }
  return compiled;
}

export function compileBreakpoints(breakpoints: List<Breakpoint>): List<CompiledMatcher> {
  const compiled = newList<CompiledMatcher>();
  for (let index = 0; index < breakpoints.length; index++) {
    const breakpoint = breakpoints[index]!;
    compiled[index] = {
      direction: breakpoint.direction,
      url: breakpoint.url,
      test: compileCondition(breakpoint.condition),
      protocol: protocolOf(breakpoint.condition),
    };
  }
  return compiled;
}

/** The rules (or breakpoints) whose URL pattern fits a socket's URL: worked out once per socket. */
export function forUrl<T extends CompiledMatcher>(matchers: List<T>, url: string): List<T> {
  const fitting = newList<T>();
  for (let index = 0; index < matchers.length; index++) {
    const matcher = matchers[index]!;
    if (matchesUrlPattern(matcher.url, url)) fitting[fitting.length] = matcher;
  }
  return fitting;
}

/** The matchers that look at messages going `dir`: worked out once per socket, so a message skips the others. */
export function forDirection<T extends CompiledMatcher>(matchers: List<T>, dir: Direction): List<T> {
  const fitting = newList<T>();
  for (let index = 0; index < matchers.length; index++) {
    const matcher = matchers[index]!;
    if (matcher.direction === 'both' || matcher.direction === dir) fitting[fitting.length] = matcher;
  }
  return fitting;
}

/** The first whole-socket mock for `url`, if any. */
export function serveRuleFor(rules: List<CompiledRule>, url: string): CompiledRule | null {
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.serve !== null && matchesUrlPattern(rule.url, url)) return rule;
  }
  return null;
}

/**
 * The protocols whose readers keep state among those the matchers (fitted to one socket) name: every
 * message of that socket must be read by them (`observe`), whatever the direction of the rule.
 */
export function statefulProtocols(...lists: List<CompiledMatcher>[]): List<FieldProtocol> {
  const found = newList<FieldProtocol>();
  for (let list = 0; list < lists.length; list++) {
    const matchers = lists[list]!;
    for (let index = 0; index < matchers.length; index++) {
      const protocol = matchers[index]!.protocol;
      if (protocol === null || !keepsState(protocol)) continue;
      let known = false;
      for (let at = 0; at < found.length; at++) if (found[at] === protocol) known = true;
      if (!known) found[found.length] = protocol;
    }
  }
  return found;
}

/** Lets stateful readers see a message no condition read (a result whose request named its operation). */
export function observe(subject: Subject, protocols: List<FieldProtocol>): void {
  for (let index = 0; index < protocols.length; index++) subject.fields(protocols[index]!);
}

/**
 * Applies `rules` (already fitted to the socket's URL) in order to one message; null when none matched.
 * A dropped message stops the list. Each rule gets its own step budget for its regular expressions.
 */
export function applyRules(rules: List<CompiledRule>, subject: Subject): Outcome | null {
  let outcome: Outcome | null = null;
  const text = subject.text;
  const dir = subject.dir;
  const budget: StepBudget = { steps: DEFAULT_STEP_BUDGET };
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.serve !== null || (rule.direction !== 'both' && rule.direction !== dir)) continue;
    budget.steps = DEFAULT_STEP_BUDGET;
    const found = rule.test(subject, budget);
    if (found === null) continue;
    outcome ??= { text, changed: false, drop: false, delayMs: 0, copies: 0, replies: newList<Reply>(), steps: newList<InterceptStep>() };
    rule.act(subject, found, outcome, budget, dir);
    if (outcome.drop) break;
  }
  if (outcome !== null) outcome.text = subject.text;
  return outcome;
}

/** Whether a message (after the rules) matches one of the breakpoints (fitted to the socket's URL). */
export function matchesBreakpoint(breakpoints: List<CompiledMatcher>, subject: Subject): boolean {
  for (let index = 0; index < breakpoints.length; index++) {
    const breakpoint = breakpoints[index]!;
    if (breakpoint.direction !== 'both' && breakpoint.direction !== subject.dir) continue;
    if (breakpoint.test(subject, { steps: DEFAULT_STEP_BUDGET }) !== null) return true;
  }
  return false;
}

export { BREAKPOINT_NAME };
export type { CompiledMatcher };
export { ProtocolWatch };
export type { ByteView };
