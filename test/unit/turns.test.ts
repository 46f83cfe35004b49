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

test('a wait for the next paint resolves true after the frame; cancel() resolves it false and leaves no frame or timer behind', async () => {
  vi.useFakeTimers();
  const frames = new Map<number, FrameRequestCallback>();
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.set(frames.size + 1, callback).size);
  vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
  try {
    const turns = new Turns();
    const painted = turns.afterPaint();
    let settled = false;
    void painted.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(false);
    // The frame runs, then the task it queued (after that frame's paint).
    for (const callback of frames.values()) callback(0);
    await vi.advanceTimersByTimeAsync(0);
    await expect(painted).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);

    frames.clear();
    const cancelled = turns.afterPaint();
    expect(frames.size).toBe(1);
    turns.cancel();
    await expect(cancelled).resolves.toBe(false);
    expect(frames.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.unstubAllGlobals();
  }
});

test('with no frames coming (a hidden panel), a wait for the next paint ends after a short timeout', async () => {
  vi.useFakeTimers();
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => {});
  try {
    const painted = new Turns().afterPaint();
    await vi.advanceTimersByTimeAsync(100);
    await expect(painted).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.unstubAllGlobals();
  }
});

test('after cancel(), later waits resolve false at once and start no timer: work still under way when the panel closed stops there', async () => {
  vi.useFakeTimers();
  const turns = new Turns();
  turns.cancel();
  const next = turns.next();
  const painted = turns.afterPaint();
  expect(vi.getTimerCount()).toBe(0);
  await expect(next).resolves.toBe(false);
  await expect(painted).resolves.toBe(false);
});
