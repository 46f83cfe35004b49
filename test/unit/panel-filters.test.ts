import { describe, expect, test } from 'vitest';
import { compileFilter, filterRange, NO_FILTER, type FilterableRow, type FilterSpec } from '../../src/panel/filters';

const rows: FilterableRow[] = [
  { direction: 'send', connectionId: 'a', payload: { kind: 'text' } },
  { direction: 'receive', connectionId: 'a', payload: { kind: 'text' } },
  { direction: 'receive', connectionId: 'b', payload: { kind: 'binary' } },
  { direction: 'send', connectionId: 'b', payload: { kind: 'text' } },
];
const texts = ['{"type":"ping"}', '{"type":"pong","id":7}', '', 'hello world'];

function run(patch: Partial<FilterSpec>): number[] | string {
  const compiled = compileFilter({ ...NO_FILTER, ...patch });
  return compiled.ok ? filterRange(rows, texts, compiled, 0, []) : compiled.error;
}

describe('compileFilter + filterRange', () => {
  test('no filter keeps every row', () => {
    expect(run({})).toEqual([0, 1, 2, 3]);
  });
  test('substring is case-insensitive', () => {
    expect(run({ text: 'PONG' })).toEqual([1]);
  });
  test('regex is case-insensitive and anchored per row', () => {
    expect(run({ text: '^\\{"type":"p[io]ng"', regex: true })).toEqual([0, 1]);
    expect(run({ text: 'WORLD$', regex: true })).toEqual([3]);
  });
  test('an invalid regex reports the problem without the engine prefix', () => {
    expect(run({ text: '(', regex: true })).toBe('Invalid regex: Unterminated group');
  });
  test('the same text as plain substring is not a regex', () => {
    expect(run({ text: '(' })).toEqual([]);
  });
  test('direction, type and connection combine with text', () => {
    expect(run({ direction: 'send' })).toEqual([0, 3]);
    expect(run({ kind: 'binary' })).toEqual([2]);
    expect(run({ connectionId: 'b' })).toEqual([2, 3]);
    expect(run({ connectionId: 'a', direction: 'receive', text: 'id' })).toEqual([1]);
  });
  test('filterRange appends only rows from `from`', () => {
    const compiled = compileFilter({ ...NO_FILTER, direction: 'send' });
    if (!compiled.ok) throw new Error('unexpected');
    expect(filterRange(rows, texts, compiled, 2, [0])).toEqual([0, 3]);
  });
});
