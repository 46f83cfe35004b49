// Shape checks for rules and breakpoints wherever they arrive: from the panel (the background checks
// before storing), from storage or a file (import), and in the page hook from the relay. Own fields
// only (a page's getters on Object.prototype never run), fresh objects out, and every pattern, path and
// template compiled once so a bad one is refused with its reason instead of failing later.
import {
  MAX_BREAKPOINTS,
  MAX_COPIES,
  MAX_DELAY_MS,
  MAX_RULES,
  MAX_RULE_TEXT,
  type Breakpoint,
  type Condition,
  type Rule,
  type RuleAction,
  type RuleDirection,
} from '../shared/intercept';
import { RuleSyntaxError } from './errors';
import { compileRegex } from './regex';
import { parseJsonPath } from './json-path';
import { isProtocolField, protocolFieldProblem } from './protocol-fields';
import { compileTemplate } from './template';
import { NativeString, getOwnPropertyDescriptor, isArray, newList, type List } from '../worlds/pristine';

function field(value: object, name: string): unknown {
  return getOwnPropertyDescriptor(value, name)?.value;
}

function record(value: unknown, what: string): object {
  if (typeof value !== 'object' || value === null || isArray(value)) throw new RuleSyntaxError(`${what} is not an object`);
  return value;
}

function text(value: object, name: string, what: string, fallback?: string): string {
  const found = field(value, name);
  if (found === undefined && fallback !== undefined) return fallback;
  if (typeof found !== 'string') throw new RuleSyntaxError(`${what}: "${name}" must be text`);
  if (found.length > MAX_RULE_TEXT) throw new RuleSyntaxError(`${what}: "${name}" is longer than ${MAX_RULE_TEXT} characters`);
  return found;
}

function count(value: object, name: string, what: string, max: number, fallback: number): number {
  const found = field(value, name);
  if (found === undefined) return fallback;
  if (typeof found !== 'number' || found % 1 !== 0 || !(found >= 0) || found > max)
    throw new RuleSyntaxError(`${what}: "${name}" must be a whole number from 0 to ${max}`);
  return found;
}

function flag(value: object, name: string, what: string, fallback: boolean): boolean {
  const found = field(value, name);
  if (found === undefined) return fallback;
  if (typeof found !== 'boolean') throw new RuleSyntaxError(`${what}: "${name}" must be true or false`);
  return found;
}

function direction(value: object, what: string): RuleDirection {
  const found = field(value, 'direction') ?? 'both';
  if (found !== 'send' && found !== 'receive' && found !== 'both') throw new RuleSyntaxError(`${what}: "direction" must be send, receive or both`);
  return found;
}

/** Compiles a pattern to check it, naming the rule in the message. */
function checked<T>(what: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof RuleSyntaxError) throw new RuleSyntaxError(`${what}: ${error.message}`);
    throw error;
  }
}

export function parseCondition(raw: unknown, what: string): Condition {
  if (raw === undefined) return { kind: 'any' };
  const value = record(raw, `${what}: the condition`);
  const kind = field(value, 'kind');
  switch (kind) {
    case 'any':
      return { kind };
    case 'text':
      return { kind, text: text(value, 'text', what) };
    case 'regex': {
      const pattern = text(value, 'pattern', what);
      const flags = text(value, 'flags', what, '');
      checked(`${what}: the pattern`, () => compileRegex(pattern, flags));
      return { kind, pattern, flags };
    }
    case 'json': {
      const path = text(value, 'path', what);
      checked(`${what}: the path`, () => parseJsonPath(path));
      const expected = field(value, 'value');
      if (expected === undefined) return { kind, path };
      return { kind, path, value: text(value, 'value', what) };
    }
    case 'protocol': {
      const protocol = text(value, 'protocol', what);
      const name = text(value, 'field', what);
      if (!isProtocolField(protocol, name)) throw new RuleSyntaxError(`${what}: ${protocolFieldProblem(protocol, name)}`);
      return { kind, protocol, field: name, value: text(value, 'value', what, '') };
    }
    default:
      throw new RuleSyntaxError(`${what}: unknown condition "${NativeString(kind)}" (any, text, regex, json, protocol)`);
  }
}

export function parseAction(raw: unknown, what: string): RuleAction {
  const value = record(raw, `${what}: the action`);
  const kind = field(value, 'kind');
  switch (kind) {
    case 'replace': {
      const find = text(value, 'find', what);
      const regex = flag(value, 'regex', what, false);
      const flags = text(value, 'flags', what, '');
      if (find === '') throw new RuleSyntaxError(`${what}: nothing to find`);
      if (regex) checked(`${what}: the pattern`, () => compileRegex(find, flags));
      return { kind, find, regex, flags, replacement: text(value, 'replacement', what, '') };
    }
    case 'set-json': {
      const path = text(value, 'path', what);
      checked(`${what}: the path`, () => parseJsonPath(path));
      return { kind, path, value: text(value, 'value', what) };
    }
    case 'remove-json': {
      const path = text(value, 'path', what);
      checked(`${what}: the path`, () => parseJsonPath(path));
      return { kind, path };
    }
    case 'drop':
      return { kind };
    case 'delay':
      return { kind, ms: count(value, 'ms', what, MAX_DELAY_MS, 1000) };
    case 'duplicate':
      return { kind, copies: count(value, 'copies', what, MAX_COPIES, 1) };
    case 'mock': {
      const template = text(value, 'template', what);
      checked(`${what}: the template`, () => compileTemplate(template));
      return { kind, template, delayMs: count(value, 'delayMs', what, MAX_DELAY_MS, 0), suppress: flag(value, 'suppress', what, false) };
    }
    case 'serve':
      return { kind, protocol: text(value, 'protocol', what, ''), greeting: text(value, 'greeting', what, '') };
    default:
      throw new RuleSyntaxError(`${what}: unknown action "${NativeString(kind)}"`);
  }
}

/** One rule, checked; throws RuleSyntaxError with what is wrong. */
export function parseRule(raw: unknown, position: number): Rule {
  const value = record(raw, `Rule ${position}`);
  const name = text(value, 'name', `Rule ${position}`, '');
  const what = name === '' ? `Rule ${position}` : `Rule "${name}"`;
  const id = text(value, 'id', what, '');
  return {
    id: id === '' ? `rule-${position}` : id,
    name: name === '' ? `Rule ${position}` : name,
    enabled: flag(value, 'enabled', what, true),
    site: text(value, 'site', what, ''),
    direction: direction(value, what),
    url: text(value, 'url', what, ''),
    condition: parseCondition(field(value, 'condition'), what),
    action: parseAction(field(value, 'action'), what),
  };
}

function listOf(raw: unknown, max: number, what: string): List<unknown> {
  if (!isArray(raw)) throw new RuleSyntaxError(`${what} must be a list`);
  if (raw.length > max) throw new RuleSyntaxError(`at most ${max} ${what}`);
  const list = newList<unknown>();
  for (let index = 0; index < raw.length; index++) list[index] = raw[index];
  return list;
}

/** An ordered rule list, checked as a whole: the first problem is thrown. Accepts `{ rules: [...] }` (an export) too. */
export function parseRules(raw: unknown): List<Rule> {
  const list = typeof raw === 'object' && raw !== null && !isArray(raw) ? field(raw, 'rules') : raw;
  const items = listOf(list, MAX_RULES, 'rules');
  // Prototype-less lists: in the page's realm an index write could reach a setter on Array.prototype.
  const rules = newList<Rule>();
  for (let index = 0; index < items.length; index++) rules[index] = parseRule(items[index], index + 1);
  return rules;
}

export function parseBreakpoints(raw: unknown): List<Breakpoint> {
  const items = listOf(raw, MAX_BREAKPOINTS, 'breakpoints');
  const breakpoints = newList<Breakpoint>();
  for (let index = 0; index < items.length; index++) {
    const what = `Breakpoint ${index + 1}`;
    const value = record(items[index], what);
    breakpoints[index] = { direction: direction(value, what), url: text(value, 'url', what, ''), condition: parseCondition(field(value, 'condition'), what) };
  }
  return breakpoints;
}
