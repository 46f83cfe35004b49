// Rules as the panel shows and edits them: a blank rule, one-line descriptions, and the check that
// names what is wrong (the same check the background and the page hook make).
import type { Condition, Rule, RuleAction } from '../../shared/intercept';
import { parseRules } from '../../rules/parse';
import { RuleSyntaxError } from '../../rules/errors';

export function blankRule(): Rule {
  return {
    id: `rule-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    name: 'New rule',
    enabled: true,
    site: '',
    direction: 'send',
    url: '',
    condition: { kind: 'text', text: '' },
    action: { kind: 'replace', find: '', regex: false, flags: '', replacement: '' },
  };
}

export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'any':
      return 'every message';
    case 'text':
      return `text contains "${condition.text}"`;
    case 'regex':
      return `matches /${condition.pattern}/${condition.flags}`;
    case 'json':
      return condition.value === undefined ? `JSON has ${condition.path}` : `JSON ${condition.path} is ${condition.value}`;
    case 'protocol':
      return condition.value === '' || condition.value === '*'
        ? `${condition.protocol} has a ${condition.field}`
        : `${condition.protocol} ${condition.field} is ${condition.value}`;
  }
}

export function describeAction(action: RuleAction): string {
  switch (action.kind) {
    case 'replace':
      return `replace ${action.regex ? `/${action.find}/${action.flags}` : `"${action.find}"`} with "${action.replacement}"`;
    case 'set-json':
      return `set ${action.path} to ${action.value}`;
    case 'remove-json':
      return `remove ${action.path}`;
    case 'drop':
      return 'drop';
    case 'delay':
      return `delay ${action.ms} ms`;
    case 'duplicate':
      return `send ${action.copies} more ${action.copies === 1 ? 'copy' : 'copies'}`;
    case 'mock':
      return `reply ${action.template}${action.delayMs > 0 ? ` after ${action.delayMs} ms` : ''}${action.suppress ? ', original not sent' : ''}`;
    case 'serve':
      return `answer with no server${action.greeting ? `, greeting ${action.greeting}` : ''}`;
  }
}

export function describeRule(rule: Rule): string {
  const where = `${rule.direction === 'both' ? 'sent or received' : rule.direction === 'send' ? 'sent' : 'received'}${rule.url ? ` on ${rule.url}` : ''}${rule.site ? ` (${rule.site} only)` : ''}`;
  if (rule.action.kind === 'serve') return `Sockets ${rule.url || '(every URL)'}: ${describeAction(rule.action)}`;
  return `Messages ${where} where ${describeCondition(rule.condition)}: ${describeAction(rule.action)}`;
}

/** The rule list checked as it will be stored: null when fine, else what is wrong. */
export function checkRules(rules: readonly Rule[]): string | null {
  try {
    parseRules(rules);
    return null;
  } catch (error) {
    return error instanceof RuleSyntaxError ? error.message : String(error);
  }
}

/** Rules from an exported file: the list, or what is wrong with it. */
export function importRules(text: string): { ok: true; rules: Rule[] } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    return { ok: true, rules: Array.from(parseRules(raw) as ArrayLike<Rule>) };
  } catch (error) {
    return { ok: false, error: error instanceof RuleSyntaxError ? error.message : String(error) };
  }
}

export function exportRules(rules: readonly Rule[]): string {
  return JSON.stringify({ format: 'websocket-inspector-rules', version: 1, rules }, null, 2);
}
