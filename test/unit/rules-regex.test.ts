// The bounded matcher agrees with JavaScript's RegExp on the syntax it supports, refuses the rest with a
// reason, and gives up on catastrophic backtracking instead of hanging.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { OUT_OF_STEPS, RegexSyntaxError, compileRegex } from '../../src/rules/regex';

function ours(pattern: string, flags: string, text: string): string[] | null {
  const match = compileRegex(pattern, flags).exec(text, 0);
  if (match === null || match === OUT_OF_STEPS) return null;
  const groups: string[] = [];
  for (let index = 0; index < match.groups.length; index += 2) {
    const [start, end] = [match.groups[index]!, match.groups[index + 1]!];
    groups.push(start < 0 ? '(none)' : text.slice(start, end));
  }
  return groups;
}

function native(pattern: string, flags: string, text: string): string[] | null {
  const match = new RegExp(pattern, flags).exec(text);
  return match ? [...match].map((group) => group ?? '(none)') : null;
}

const cases: [string, string, string][] = [
  ['abc', '', 'xxabcxx'],
  ['a.c', '', 'a\nc abc'],
  ['a.c', 's', 'a\nc'],
  ['^b', 'm', 'a\nb'],
  ['^b', '', 'a\nb'],
  ['a$', 'm', 'a\nb'],
  ['(\\d+)-(\\d+)', '', 'tel 12-345'],
  ['(?<year>\\d{4})-(?<month>\\d\\d)', '', 'on 2024-05-01'],
  ['"id":\\s*(\\d+)', '', '{"op":"x", "id": 42}'],
  ['a{2,3}', '', 'aaaa'],
  ['a{2,3}?', '', 'aaaa'],
  ['a{2,}', '', 'aaaaa'],
  ['a*?b', '', 'aaab'],
  ['(a|ab)(c|bcd)(d*)', '', 'abcd'],
  ['[a-c]+', '', 'xxbcaz'],
  ['[^a-c]+', '', 'abcxyz'],
  ['[\\w.-]+@[\\w-]+\\.\\w+', '', 'mail me: a.b-c@ex-ample.org!'],
  ['\\bfoo\\b', '', 'afoo foo'],
  ['\\Bfoo', '', 'foo afoo'],
  ['(a)\\1', '', 'xaab aa'],
  ['(?<q>["\'])(.*?)\\k<q>', '', 'say "hi" now'],
  ['HELLO', 'i', 'say hello'],
  ['[A-Z]+', 'i', 'abc'],
  ['(a*)*b', '', 'aaab'],
  ['(a|)+b', '', 'aab'],
  ['(?:ab)+', '', 'ababab'],
  ['x*', '', 'abc'],
  ['\\u0041\\x42', '', 'zAB'],
  ['[\\]\\-]+', '', 'a]-]'],
  ['a|b|c', '', 'zzc'],
  ['(a)|(b)', '', 'b'],
  ['\\s+', '', 'a \t b'],
  ['\\S+', '', '  ab  '],
  ['{', '', 'a{b'],
];

describe('bounded regular expressions', () => {
  test.each(cases)('%s /%s on %j matches as RegExp does', (pattern, flags, text) => {
    expect(ours(pattern, flags, text)).toEqual(native(pattern, flags, text));
  });

  test('agree with RegExp on generated patterns and texts', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '(a)', '(a|b)', '(?:ab)', 'a*', 'b+', 'a?', '(a*)*', 'a{1,2}', '\\b', '^', '$');
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[ab1 ]{0,12}$/), (atoms, text) => {
        const pattern = atoms.join('');
        expect(ours(pattern, '', text)).toEqual(native(pattern, '', text));
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['(?=a)', 'lookahead and lookbehind are not supported'],
    ['(?<!a)b', 'lookahead and lookbehind are not supported'],
    ['\\p{L}', '\\p{…} is not supported'],
    ['(ab', 'missing )'],
    ['ab)', 'unmatched )'],
    ['[ab', 'missing ]'],
    ['*a', 'nothing to repeat'],
    ['a{3,2}', 'numbers out of order'],
    ['a{5000}', 'repeat counts above 1000'],
    ['\\2(a)', 'refers to a missing group'],
    ['[z-a]', 'range out of order'],
    ['\\q', 'unknown escape'],
  ])('refuses %s: %s', (pattern, reason) => {
    expect(() => compileRegex(pattern, '')).toThrow(RegexSyntaxError);
    expect(() => compileRegex(pattern, '')).toThrow(reason);
  });

  test('refuses flags it does not implement', () => {
    expect(() => compileRegex('a', 'g')).toThrow('flag "g" is not supported');
  });

  test('catastrophic backtracking runs out of steps instead of hanging', () => {
    // A short text still matches: the budget only stops the exponential cases.
    expect(compileRegex('(a+)+$', '').exec('aaaa', 0)).not.toBe(OUT_OF_STEPS);
    const text = 'a'.repeat(40) + '!';
    for (const pattern of ['(a+)+$', '(a|aa)+$', '(a*)*$', '^(\\w+\\s?)*$']) {
      expect(compileRegex(pattern, '').exec(text, 0)).toBe(OUT_OF_STEPS);
    }
  });
});
