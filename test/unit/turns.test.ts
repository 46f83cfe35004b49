import { afterEach, expect, test, vi } from 'vitest';
import { Turns } from '../../src/panel/turns';

afterEach(() => vi.useRealTimers());

test('a turn resolves true after the event loop turns; cancel() resolves every waiting turn false and clears its timer', async () => {
  vi.useFakeTimers();
  const turns = new Turns();
  const first = turns.next();
  await vi.advanceTimersByTimeAsync(0);
  await expect(first).resolves.toBe(true);
  // Two pumps waiting at once (a restarted one and its predecessor) are both stopped.
  const older = turns.next();
  const newer = turns.next();
  expect(vi.getTimerCount()).toBe(2);
  turns.cancel();
  expect(vi.getTimerCount()).toBe(0);
  await expect(older).resolves.toBe(false);
  await expect(newer).resolves.toBe(false);
});
