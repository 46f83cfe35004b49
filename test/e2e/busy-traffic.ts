// Shared by the busy-page tests (Chromium and Firefox): what "every message stored exactly once" means
// for a connection, summarised so that a failure says what went wrong instead of printing 20,000 numbers.
import { expect } from 'vitest';
import type { WebSocket as WsSocket } from 'ws';
import type { ConnectionRecord, MessageRecord } from '../../src/shared/models';

/** How a connection's stored messages compare with the `expected` number the page had. */
export interface SeqReport {
  stored: number;
  /** seq values stored more than once (each extra copy counted). */
  duplicates: number;
  /** seq values in 1..expected not stored. */
  missing: number;
  /** seq values outside 1..expected. */
  unexpected: number;
  /** Places where, in id (arrival) order, a seq is not larger than the one before. */
  outOfOrder: number;
}

/**
 * The hook numbers a connection's messages 1, 2, 3… in the order the page saw them (both directions
 * share the count), so "each stored once, in order" is: read by id, the seqs are exactly 1..expected.
 */
export function seqReport(messages: readonly Pick<MessageRecord, 'id' | 'seq'>[], expected: number): SeqReport {
  const inOrder = [...messages].sort((a, b) => a.id! - b.id!);
  const seen = new Set<number>();
  const report: SeqReport = { stored: inOrder.length, duplicates: 0, missing: 0, unexpected: 0, outOfOrder: 0 };
  let previous = 0;
  for (const { seq } of inOrder) {
    if (seen.has(seq)) report.duplicates++;
    seen.add(seq);
    if (!Number.isInteger(seq) || seq < 1 || seq > expected) report.unexpected++;
    if (seq <= previous) report.outOfOrder++;
    previous = seq;
  }
  for (let seq = 1; seq <= expected; seq++) if (!seen.has(seq)) report.missing++;
  return report;
}

/** The report of a connection that stored exactly `expected` messages once each, in order. */
export const exactly = (expected: number): SeqReport => ({ stored: expected, duplicates: 0, missing: 0, unexpected: 0, outOfOrder: 0 });

/** Per connection id: its messages, in id order. */
export function byConnection<M extends Pick<MessageRecord, 'id' | 'connectionId'>>(messages: readonly M[]): Map<string, M[]> {
  const groups = new Map<string, M[]>();
  for (const message of messages) {
    const group = groups.get(message.connectionId);
    if (group) group.push(message);
    else groups.set(message.connectionId, [message]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.id! - b.id!);
  return groups;
}

/** `/burst` numbers its messages from 0 as JSON `{"i":k,"pad":…}`: the k each stored preview starts with, in id order. */
export function burstNumbers(messages: readonly Pick<MessageRecord, 'id' | 'direction' | 'payload'>[]): number[] {
  return [...messages]
    .filter((message) => message.direction === 'receive')
    .sort((a, b) => a.id! - b.id!)
    .map((message) => Number(/^\{"i":(\d+),/.exec(message.payload.preview)?.[1] ?? -1));
}

/** True when `numbers` is 0, 1, … count - 1 (reported as a count of places that differ). */
export function misnumbered(numbers: readonly number[], count: number): number {
  let wrong = Math.abs(numbers.length - count);
  for (let i = 0; i < Math.min(numbers.length, count); i++) if (numbers[i] !== i) wrong++;
  return wrong;
}

/**
 * Page script of a page that reconnects `rounds` times in a row to `wsBase + '/flap?r=' + round`: on
 * open it sends 'ping R'; the server (see `flapServer`) sends 'hello R' twice at once and 'pong R' twice
 * for the ping; on even rounds the page closes with 1000 'page R' once it has all four, on odd rounds
 * the server closes with 4002 'server R'. Each close opens the next round; `window.done` is set after
 * the last. Every connection: 5 messages (1 sent, 4 received), seq 1..5.
 */
export function flapPageScript(wsBase: string, rounds: number): string {
  return `window.done = false; window.rounds = 0;
    const next = () => {
      if (window.rounds === ${rounds}) { window.done = true; return; }
      const round = window.rounds++;
      const ws = new WebSocket(${JSON.stringify(wsBase)} + '/flap?r=' + round);
      let got = 0;
      ws.onopen = () => ws.send('ping ' + round);
      ws.onmessage = () => { if (++got === 4 && round % 2 === 0) ws.close(1000, 'page ' + round); };
      ws.onclose = () => next();
    };
    next();`;
}

/** The server side of `flapPageScript`, for `TestServer.socketRoute('/flap', …)`. */
export function flapServer(socket: WsSocket, url: URL): void {
  const round = Number(url.searchParams.get('r'));
  socket.send(`hello ${round}`);
  socket.send(`hello ${round}`);
  socket.on('message', () => {
    socket.send(`pong ${round}`);
    socket.send(`pong ${round}`);
    if (round % 2 === 1) socket.close(4002, `server ${round}`);
  });
}

/** The close a `flapPageScript` round ends with, as stored. */
export function flapClose(round: number): { code: number; reason: string; wasClean: boolean } {
  return round % 2 === 0 ? { code: 1000, reason: `page ${round}`, wasClean: true } : { code: 4002, reason: `server ${round}`, wasClean: true };
}

/** Every round of a `flapPageScript` page stored: its connection, close, counts and five messages, exactly once. */
export function expectFlappedRounds(
  connections: readonly ConnectionRecord[],
  messages: readonly Pick<MessageRecord, 'id' | 'seq' | 'connectionId' | 'payload'>[],
  rounds: number,
): void {
  const groups = byConnection(messages);
  const roundsSeen = new Set<number>();
  for (const connection of connections) {
    const round = Number(new URL(connection.url).searchParams.get('r'));
    roundsSeen.add(round);
    expect(connection.close, `round ${round}`).toMatchObject(flapClose(round));
    expect(connection, `round ${round}`).toMatchObject({ sentCount: 1, receivedCount: 4 });
    const own = groups.get(connection.id) ?? [];
    expect(seqReport(own, 5), `round ${round}`).toEqual(exactly(5));
    expect(own.map((message) => message.payload.preview).sort(), `round ${round}`).toEqual([
      `hello ${round}`,
      `hello ${round}`,
      `ping ${round}`,
      `pong ${round}`,
      `pong ${round}`,
    ]);
  }
  expect(roundsSeen.size).toBe(rounds);
}

/** A `/burst` connection's `count` received messages, each stored once, numbered in order, in the server's order. */
export function expectWholeBurst(messages: readonly Pick<MessageRecord, 'id' | 'seq' | 'direction' | 'payload'>[], count: number): void {
  expect(messages).toHaveLength(count);
  expect(seqReport(messages, count)).toEqual(exactly(count));
  expect(misnumbered(burstNumbers(messages), count)).toBe(0);
}
