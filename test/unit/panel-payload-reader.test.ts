import { expect, test } from 'vitest';
import { PayloadReader } from '../../src/panel/payload-reader';
import type { PayloadRecord } from '../../src/shared/models';

const stored = (id: number, chars: number): PayloadRecord => ({ id, sessionId: 's', data: String(id % 10).repeat(chars) });

function countingStore(chars = 10) {
  const reads: number[][] = [];
  const read = async (ids: readonly number[]) => {
    reads.push([...ids]);
    return ids.map((id) => (id > 0 ? stored(id, chars) : undefined));
  };
  return { reads, read };
}

test('a payload read for one reader is not read again for the next, even while the first read is under way', async () => {
  const store = countingStore();
  const reader = new PayloadReader(store.read);
  const [first, second] = await Promise.all([reader.load([1, 2, 3]), reader.load([2, 3, 4])]);
  expect(first.map((payload) => payload?.id)).toEqual([1, 2, 3]);
  expect(second.map((payload) => payload?.id)).toEqual([2, 3, 4]);
  expect(store.reads).toEqual([[1, 2, 3], [4]]);
  expect((await reader.load([1, 4])).map((payload) => payload?.id)).toEqual([1, 4]);
  expect(store.reads).toHaveLength(2);
  // A message with no stored payload is remembered as such too.
  expect(await reader.load([0])).toEqual([undefined]);
  expect(await reader.load([0])).toEqual([undefined]);
  expect(store.reads).toHaveLength(3);
});

test('past its budget the reader forgets the oldest reads first, and never keeps one payload larger than the budget', async () => {
  const store = countingStore(10);
  const reader = new PayloadReader(store.read, 25);
  await reader.load([1]);
  await reader.load([2]);
  await reader.load([3]);
  store.reads.length = 0;
  await reader.load([2, 3]);
  expect(store.reads).toEqual([]);
  await reader.load([1]);
  expect(store.reads).toEqual([[1]]);
  const big = new PayloadReader(countingStore(30).read, 25);
  await big.load([5]);
  expect((await big.load([5]))[0]?.data).toHaveLength(30);
});

test('a failed read is not remembered: the next call reads again', async () => {
  let fail = true;
  const reader = new PayloadReader(async (ids) => {
    if (fail) throw new Error('database closed');
    return ids.map((id) => stored(id, 5));
  });
  await expect(reader.load([1])).rejects.toThrow('database closed');
  fail = false;
  expect((await reader.load([1]))[0]?.id).toBe(1);
});
