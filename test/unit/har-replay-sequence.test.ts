// SequencePlayer (src/panel/replay/sequence.ts): order, original gaps, step by step, stop, failure.
import { expect, test } from 'vitest';
import { SequencePlayer, type SequenceItem, type SequenceStatus } from '../../src/panel/replay/sequence';

const items: SequenceItem[] = [
  { time: 1000, payload: { kind: 'text', data: 'a' } },
  { time: 1250, payload: { kind: 'binary', data: 'AQI=' } },
  { time: 4250, payload: { kind: 'text', data: 'c' } },
];

function harness(mode: 'timed' | 'fast' | 'step', fail?: string) {
  const sent: string[] = [];
  const slept: number[] = [];
  const statuses: SequenceStatus[] = [];
  const player = new SequencePlayer(
    items,
    mode,
    async (payload) => {
      if (payload.data === fail) return { ok: false, error: 'Socket is closed (code 1006)' };
      sent.push(payload.data);
      return { ok: true };
    },
    (status) => statuses.push(status),
    async (ms) => {
      slept.push(ms);
    },
  );
  return { player, sent, slept, statuses };
}

test('fast: every message in order, no waits', async () => {
  const { player, sent, slept } = harness('fast');
  expect(await player.play()).toEqual({ state: 'done', sent: 3, total: 3 });
  expect(sent).toEqual(['a', 'AQI=', 'c']);
  expect(slept).toEqual([]);
});

test('timed: waits the original gaps between messages', async () => {
  const { player, sent, slept } = harness('timed');
  await player.play();
  expect(sent).toEqual(['a', 'AQI=', 'c']);
  expect(slept).toEqual([250, 3000]);
});

test('step: one message per next(), stop ends it', async () => {
  const { player, sent, statuses } = harness('step');
  const done = player.play();
  await Promise.resolve();
  expect(statuses.at(-1)).toEqual({ state: 'waiting', sent: 0, total: 3 });
  expect(sent).toEqual([]);
  player.next();
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(sent).toEqual(['a']);
  expect(statuses.at(-1)!.state).toBe('waiting');
  player.stop();
  expect(await done).toEqual({ state: 'stopped', sent: 1, total: 3 });
  expect(sent).toEqual(['a']);
});

test('a failed send stops the sequence with the reason', async () => {
  const { player, sent } = harness('fast', 'AQI=');
  expect(await player.play()).toEqual({ state: 'failed', sent: 1, total: 3, error: 'Socket is closed (code 1006)' });
  expect(sent).toEqual(['a']);
});
