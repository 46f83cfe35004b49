import { describe, expect, test } from 'vitest';
import { compileFilter, filterRange, NO_FILTER, type FilterableLog, type FilterSpec } from '../../src/panel/filters';

const rows = [
  { id: 1, sent: true, connectionId: 'a', time: 1000, text: '{"type":"ping"}' },
  { id: 2, sent: false, connectionId: 'a', time: 2000, text: '{"type":"Pong","id":7}' },
  { id: 3, sent: false, connectionId: 'b', time: 3000, binary: true, text: '' },
  { id: 4, sent: true, connectionId: 'b', time: 4000, text: 'hello world' },
];
const log: FilterableLog = {
  length: rows.length,
  idAt: (index) => rows[index]!.id,
  timeAt: (index) => rows[index]!.time,
  isSent: (index) => rows[index]!.sent,
  isBinary: (index) => rows[index]!.binary === true,
  connectionIdAt: (index) => rows[index]!.connectionId,
  searchTextAt: (index) => rows[index]!.text,
};

function run(patch: Partial<FilterSpec>): number[] | string {
  const compiled = compileFilter({ ...NO_FILTER, ...patch });
  if (!compiled.ok) return compiled.error;
  const out: number[] = [];
  filterRange(log, compiled, 0, log.length, out);
  return out;
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
    expect(run({ text: '"id":7}' })).toEqual([1]);
    expect(run({ text: '.' })).toEqual([]);
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
  test('filterRange appends only rows in [from, to)', () => {
    const compiled = compileFilter({ ...NO_FILTER, direction: 'send' });
    if (!compiled.ok) throw new Error('unexpected');
    const out = [0];
    filterRange(log, compiled, 2, 4, out);
    expect(out).toEqual([0, 3]);
    filterRange(log, compiled, 1, 3, out);
    expect(out).toEqual([0, 3]);
  });
});
