// Which waiting connection goes with which waiting handshake, for one tab and URL. Time alone cannot
// say: the page's clock and webRequest's differ by a few milliseconds, by tens under load, while a page
// reconnecting in a loop opens a socket every few milliseconds, so the nearest handshake is often the
// next socket's. Order can: a document's sockets reach the browser in the order it creates them, so
// the k-th waiting connection goes with the k-th waiting handshake. Time still decides where order
// would pair a record with one whose partner never comes (a handshake of a frame nothing captures).

/** Pairs further apart than this are never made. */
export const MATCH_WINDOW_MS = 60_000;

/**
 * What leaving a record unpaired before a paired one of its side costs, in ms of time difference:
 * order wins over time up to this much. Larger than the clocks' jitter under load (tens of ms), smaller
 * than the time between a reload and the first socket of the page after it.
 */
export const ORDER_SLACK_MS = 100;

export interface Waiting {
  /** ms since the epoch: a connection's createdAt, a handshake's startedAt. */
  time: number;
}

/**
 * The order-preserving pairing of `connections` with `handshakes` (each sorted by time) that pairs the
 * most records, then costs least: the time difference of each pair, plus `ORDER_SLACK_MS` for each
 * record left unpaired before a paired record of its side. Records after the last pair of their side
 * cost nothing: their partner may not have arrived yet. `canPair` rules out pairs told apart otherwise.
 * Returns [connection index, handshake index] pairs.
 */
export function alignInOrder<C extends Waiting, H extends Waiting>(
  connections: readonly C[],
  handshakes: readonly H[],
  canPair: (connection: C, handshake: H) => boolean = () => true,
): [number, number][] {
  const columns = handshakes.length + 1;
  const cells = (connections.length + 1) * columns;
  // cost[i * columns + j]: the best alignment of the first i connections with the first j handshakes.
  const cost = new Float64Array(cells);
  const move = new Uint8Array(cells);
  const consider = (cell: number, value: number, how: number): void => {
    if (value < cost[cell]!) [cost[cell], move[cell]] = [value, how];
  };
  for (let cell = 1; cell < cells; cell++) {
    const i = Math.floor(cell / columns);
    const j = cell % columns;
    cost[cell] = Infinity;
    if (i > 0 && j > 0 && canPair(connections[i - 1]!, handshakes[j - 1]!)) {
      consider(cell, cost[cell - columns - 1]! + pairCost(connections[i - 1]!.time, handshakes[j - 1]!.time), PAIR);
    }
    if (i > 0) consider(cell, cost[cell - columns]! + ORDER_SLACK_MS, SKIP_CONNECTION);
    if (j > 0) consider(cell, cost[cell - 1]! + ORDER_SLACK_MS, SKIP_HANDSHAKE);
  }
  // Trailing records are free: the alignment may end at any cell.
  let end = 0;
  for (let cell = 1; cell < cells; cell++) if (cost[cell]! < cost[end]!) end = cell;
  const pairs: [number, number][] = [];
  for (let cell = end; cell > 0;) {
    const i = Math.floor(cell / columns);
    const j = cell % columns;
    if (move[cell] === PAIR) pairs.push([i - 1, j - 1]);
    cell -= move[cell] === PAIR ? columns + 1 : move[cell] === SKIP_CONNECTION ? columns : 1;
  }
  return pairs.reverse();
}

const PAIR = 1;
const SKIP_CONNECTION = 2;
const SKIP_HANDSHAKE = 3;

/** Below any sum of skips for a pair within the window (Infinity outside), so that the most pairs win. */
function pairCost(connectionTime: number, handshakeTime: number): number {
  const apart = Math.abs(handshakeTime - connectionTime);
  return apart > MATCH_WINDOW_MS ? Infinity : apart - 2 * MATCH_WINDOW_MS;
}
