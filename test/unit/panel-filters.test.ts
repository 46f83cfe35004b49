import { describe, expect, test } from 'vitest';
import { compileFilter, filterRange, NO_FILTER, type FilterableRow, type FilterSpec } from '../../src/panel/filters';

const rows: FilterableRow[] = [
  { id: 1, direction: 'send', connectionId: 'a', time: 1000, payload: { kind: 'text' } },
  { id: 2, direction: 'receive', connectionId: 'a', time: 2000, payload: { kind: 'text' } },
  { id: 3, direction: 'receive', connectionId: 'b', time: 3000, payload: { kind: 'binary' } },
  { id: 4, direction: 'send', connectionId: 'b', time: 4000, payload: { kind: 'text' } },
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
  test('a time range chosen on the timeline keeps the rows from its start up to (not including) its end', () => {
    expect(run({ timeRange: { from: 2000, to: 3000.001 } })).toEqual([1, 2]);
    expect(run({ timeRange: { from: 2000, to: 3000 } })).toEqual([1]);
    expect(run({ timeRange: { from: 2000.5, to: 2999 } })).toEqual([]);
    expect(run({ timeRange: { from: 0, to: 5000 }, kind: 'text' })).toEqual([0, 1, 3]);
  });
  test('filterRange appends only rows from `from`', () => {
    const compiled = compileFilter({ ...NO_FILTER, direction: 'send' });
    if (!compiled.ok) throw new Error('unexpected');
    expect(filterRange(rows, texts, compiled, 2, [0])).toEqual([0, 3]);
  });
});
