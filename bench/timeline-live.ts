// Issue 16 part 6: the timeline while rows arrive. With 1,000,000 rows in the log and 1,000 more arriving,
// the redraw's rates: LiveRates adding the new rows to their buckets, against one pass over all rows
// (rateSeries, what each redraw did before) in the same run. `node --import tsx bench/timeline-live.ts`.
import { LiveRates, type LiveRows } from '../src/panel/timeline/live-rates';
import { rateSeries } from '../src/panel/timeline/series';

const COUNT = 1_000_000;
const ARRIVING = 1000;
const ROUNDS = 20;
const START = Date.now() - COUNT;
const rows = (length: number): LiveRows => ({
  length,
  idAt: (index) => index + 1,
  timeAt: (index) => START + index,
  isSent: (index) => index % 2 === 0,
  sizeAt: (index) => 40 + (index % 100),
  connectionIdAt: (index) => (index % 2 === 0 ? 'a' : 'b'),
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const live = new LiveRates(null);
live.update(rows(COUNT - ROUNDS * ARRIVING));
const incremental: number[] = [];
const fullPass: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const length = COUNT - (ROUNDS - round) * ARRIVING;
  let started = performance.now();
  const updated = live.update(rows(length));
  incremental.push(performance.now() - started);
  started = performance.now();
  const whole = rateSeries(rows(length));
  fullPass.push(performance.now() - started);
  if (updated.sentBytes.some((value, b) => value !== whole.sentBytes[b])) throw new Error('the live rates differ from one pass');
}
console.log(`Timeline rates with ~${COUNT.toLocaleString()} rows, ${ARRIVING} arriving per redraw, medians of ${ROUNDS}:`);
console.log(
  `| live update ${median(incremental).toFixed(2)} ms | one pass over all rows (baseline) ${median(fullPass).toFixed(1)} ms | ${(median(fullPass) / median(incremental)).toFixed(0)}× |`,
);
