// Rules applied to messages as the page hook applies them: conditions, every action, order, mocks'
// templates, and the checks that refuse a malformed rule with its reason.
import { describe, expect, test } from 'vitest';
import type { Rule } from '../../src/shared/intercept';
import { Subject, applyRules, compileBreakpoints, compileRules, forUrl, matchesBreakpoint, serveRuleFor } from '../../src/rules/engine';
import { parseBreakpoints, parseRules } from '../../src/rules/parse';
import { matchesUrlPattern } from '../../src/rules/glob';

let nextId = 1;
function rule(partial: Partial<Rule> & Pick<Rule, 'action'>): Rule {
  return { id: `r${nextId}`, name: `R${nextId++}`, enabled: true, site: '', direction: 'both', url: '', condition: { kind: 'any' }, ...partial };
}

function run(rules: Rule[], text: string | null, dir: 'send' | 'receive' = 'send', url = 'wss://x.test/ws') {
  return applyRules(forUrl(compileRules(parseRules(rules)), url), new Subject(dir, text));
}

describe('conditions', () => {
  test('text, regex and JSON field conditions select messages; binary matches only "any"', () => {
    const drop = { kind: 'drop' } as const;
    expect(run([rule({ condition: { kind: 'text', text: 'ping' }, action: drop })], '{"op":"ping"}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'text', text: 'ping' }, action: drop })], '{"op":"pong"}')).toBeNull();
    expect(run([rule({ condition: { kind: 'regex', pattern: '"op":"p[io]ng"', flags: '' }, action: drop })], '{"op":"pong"}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'json', path: '$.user.id', value: '7' }, action: drop })], '{"user":{"id":7}}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'json', path: 'user.name', value: 'ann' }, action: drop })], '{"user":{"name":"ann"}}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'json', path: 'user.id', value: '8' }, action: drop })], '{"user":{"id":7}}')).toBeNull();
    expect(run([rule({ condition: { kind: 'json', path: 'items[1]' }, action: drop })], '{"items":[1,2]}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'json', path: 'items[2]' }, action: drop })], '{"items":[1,2]}')).toBeNull();
    expect(run([rule({ condition: { kind: 'json', path: 'a' }, action: drop })], 'not json')).toBeNull();
    // A field name written with escapes is still found (names are looked for in the text only when nothing is escaped).
    expect(run([rule({ condition: { kind: 'json', path: 'user.id', value: '7' }, action: drop })], '{"user":{"\\u0069d":7}}')?.drop).toBe(true);
    expect(run([rule({ condition: { kind: 'text', text: 'x' }, action: drop })], null)).toBeNull();
    expect(run([rule({ action: drop })], null)?.drop).toBe(true);
  });

  test('direction and URL pattern', () => {
    const rules = [rule({ direction: 'receive', url: 'wss://*.test/ws', action: { kind: 'drop' } })];
    expect(run(rules, 'a', 'send')).toBeNull();
    expect(run(rules, 'a', 'receive')?.drop).toBe(true);
    expect(run(rules, 'a', 'receive', 'wss://x.other/ws')).toBeNull();
    expect(matchesUrlPattern('ws://127.0.0.1:*/chat*', 'ws://127.0.0.1:8080/chat?room=1')).toBe(true);
    expect(matchesUrlPattern('ws://127.0.0.1:*/chat', 'ws://127.0.0.1:8080/chat?room=1')).toBe(false);
  });

  test('disabled rules do nothing', () => {
    expect(run([rule({ enabled: false, action: { kind: 'drop' } })], 'a')).toBeNull();
  });

  test('a pathological pattern on a long message gives up: no match, no hang', () => {
    const rules = [rule({ condition: { kind: 'regex', pattern: '(a+)+$', flags: '' }, action: { kind: 'drop' } })];
    expect(run(rules, 'a'.repeat(5000) + '!')).toBeNull();
  });
});

describe('actions', () => {
  test('replace text and regular expressions with groups', () => {
    expect(run([rule({ action: { kind: 'replace', find: 'cat', regex: false, flags: '', replacement: 'dog' } })], 'cat and cat')?.text).toBe('dog and dog');
    const swap = rule({ action: { kind: 'replace', find: '(?<a>\\w+)=(\\w+)', regex: true, flags: '', replacement: '$2=$<a> [$&] $$' } });
    expect(run([swap], 'x=1, y=2')?.text).toBe('1=x [x=1] $, 2=y [y=2] $');
    expect(run([rule({ action: { kind: 'replace', find: 'a*', regex: true, flags: '', replacement: '-' } })], 'baac')?.text).toBe('baac'.replace(/a*/g, '-'));
    const outcome = run([rule({ action: { kind: 'replace', find: 'zzz', regex: false, flags: '', replacement: 'y' } })], 'abc');
    expect(outcome?.changed).toBe(false);
    expect(outcome?.steps).toHaveLength(0);
  });

  test('set and remove JSON fields, keeping the rest as it was', () => {
    const set = rule({ action: { kind: 'set-json', path: 'order.qty', value: '5' } });
    expect(run([set], '{"op":"buy","order":{"qty":1,"sym":"X"}}')?.text).toBe('{"op":"buy","order":{"qty":5,"sym":"X"}}');
    const setText = rule({ action: { kind: 'set-json', path: 'user', value: 'not json' } });
    expect(run([setText], '{}')?.text).toBe('{"user":"not json"}');
    const setObject = rule({ action: { kind: 'set-json', path: 'meta', value: '{"a":[1]}' } });
    expect(run([setObject], '{"x":1}')?.text).toBe('{"x":1,"meta":{"a":[1]}}');
    const remove = rule({ action: { kind: 'remove-json', path: 'token' } });
    expect(run([remove], '{"token":"s3cret","op":"x"}')?.text).toBe('{"op":"x"}');
    expect(run([rule({ action: { kind: 'remove-json', path: 'list[0]' } })], '{"list":[1,2,3]}')?.text).toBe('{"list":[2,3]}');
    expect(run([remove], 'plain text')?.changed).toBe(false);
  });

  test('rules apply in order, each to the result of the one before; drop stops the list', () => {
    const outcome = run(
      [
        rule({ name: 'first', action: { kind: 'replace', find: 'a', regex: false, flags: '', replacement: 'b' } }),
        rule({ name: 'second', condition: { kind: 'text', text: 'b' }, action: { kind: 'delay', ms: 250 } }),
        rule({ name: 'third', action: { kind: 'duplicate', copies: 2 } }),
        rule({ name: 'fourth', action: { kind: 'drop' } }),
        rule({ name: 'never', action: { kind: 'replace', find: 'b', regex: false, flags: '', replacement: 'c' } }),
      ],
      'a',
    );
    expect(outcome).toMatchObject({ text: 'b', changed: true, drop: true, delayMs: 250, copies: 2 });
    expect(outcome?.steps).toEqual([
      { action: 'modified', by: 'first' },
      { action: 'delayed', by: 'second' },
      { action: 'duplicated', by: 'third' },
      { action: 'dropped', by: 'fourth' },
    ]);
  });

  test('mock replies from a template with the request fields and groups, to sent messages only', () => {
    const mock = rule({
      name: 'quote mock',
      condition: { kind: 'regex', pattern: '"sym":"(?<sym>\\w+)"', flags: '' },
      action: {
        kind: 'mock',
        template: '{"id":{{id}},"sym":"{{$<sym>}}","echo":{{request}},"user":"{{text:user.name}}","none":{{missing}}}',
        delayMs: 50,
        suppress: true,
      },
    });
    const outcome = run([mock], '{"id":17,"sym":"ACME","user":{"name":"ann"}}');
    expect(outcome?.replies).toEqual([
      { text: '{"id":17,"sym":"ACME","echo":{"id":17,"sym":"ACME","user":{"name":"ann"}},"user":"ann","none":null}', delayMs: 50, by: 'quote mock' },
    ]);
    expect(outcome?.drop).toBe(true);
    expect(run([mock], '{"id":1,"sym":"X"}', 'receive')?.replies ?? []).toHaveLength(0);
  });

  test('whole-socket mocks are found by URL and act on no message', () => {
    const serve = rule({ url: 'ws://nowhere.test/*', action: { kind: 'serve', protocol: 'v1', greeting: 'hello' } });
    const compiled = compileRules(parseRules([serve]));
    expect(serveRuleFor(compiled, 'ws://nowhere.test/feed')?.serve).toEqual({ protocol: 'v1', greeting: 'hello' });
    expect(serveRuleFor(compiled, 'ws://elsewhere.test/feed')).toBeNull();
    expect(applyRules(compiled, new Subject('send', 'x'))).toBeNull();
  });
});

describe('breakpoints', () => {
  test('match by direction and condition', () => {
    const breakpoints = forUrl(
      compileBreakpoints(parseBreakpoints([{ direction: 'send', url: '*/trade', condition: { kind: 'text', text: 'buy' } }])),
      'ws://h/trade',
    );
    expect(matchesBreakpoint(breakpoints, new Subject('send', 'buy 1'))).toBe(true);
    expect(matchesBreakpoint(breakpoints, new Subject('receive', 'buy 1'))).toBe(false);
    expect(matchesBreakpoint(breakpoints, new Subject('send', 'sell 1'))).toBe(false);
    expect(forUrl(compileBreakpoints(parseBreakpoints([{ direction: 'send', url: '*/trade', condition: { kind: 'any' } }])), 'ws://h/chat')).toHaveLength(0);
  });
});

describe('checks', () => {
  test.each([
    [[{ action: { kind: 'explode' } }], 'Rule 1: unknown action "explode"'],
    [
      [{ name: 'bad', condition: { kind: 'regex', pattern: '(?=x)' }, action: { kind: 'drop' } }],
      'Rule "bad": the pattern: lookahead and lookbehind are not supported at position 3',
    ],
    [[{ condition: { kind: 'json', path: 'a..b' }, action: { kind: 'drop' } }], 'empty field name'],
    [[{ action: { kind: 'mock', template: '{{id' } }], 'is not closed'],
    [[{ action: { kind: 'delay', ms: -1 } }], '"ms" must be a whole number from 0 to 60000'],
    [[{ direction: 'sideways', action: { kind: 'drop' } }], '"direction" must be send, receive or both'],
    [{ rules: 'nope' }, 'rules must be a list'],
  ])('%j is refused: %s', (raw, reason) => {
    expect(() => parseRules(raw)).toThrow(reason);
  });

  test('an export ({ rules }) reads back the same', () => {
    const rules = [
      rule({
        url: 'ws://a/*',
        condition: { kind: 'regex', pattern: 'x(\\d)', flags: 'i' },
        action: { kind: 'replace', find: 'x', regex: false, flags: '', replacement: 'y' },
      }),
    ];
    expect(Array.from(parseRules(JSON.parse(JSON.stringify({ version: 1, rules }))))).toEqual(rules);
  });
});
