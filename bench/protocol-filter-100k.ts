// Issue 14 part 6: a protocol-field filter keystroke over 100,000 Socket.IO messages, against the same panel
// filtering the same messages by plain text, in one run. Each message is `42["tick<i>",{"seq":<i>}]` on a
// socket.io URL, so `event:tick1` and the text `tick1` match the same rows; each query in turn matches a
// different number of rows, so the table's new row count marks the update.
//   node --import tsx bench/protocol-filter-100k.ts   (after `npm run build`)
import { loadavg } from 'node:os';
import { launchWithExtension } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';
import { filterKeystrokeMs } from './filter-keystroke';

const COUNT = 100_000;
const TAB_ID = 79;
const QUERIES = ['tick1', 'tick12', 'tick123', 'tick1234', 'tick5', 'tick7', 'tick99'];
const ROUNDS = Number(process.env.FILTER_ROUNDS ?? 3);

const browser = await launchWithExtension();
const seeder = await browser.openExtensionPage('src/panel/history.html');
const url = 'ws://127.0.0.1:9/socket.io/?EIO=4&transport=websocket';
await seed(seeder, {
  sessions: [session('sio', TAB_ID)],
  connections: [connection('sio-a', 'sio', TAB_ID, { url }), connection('sio-b', 'sio', TAB_ID, { url })],
});
await seedGenerated(seeder, {
  sessionId: 'sio',
  connectionIds: ['sio-a', 'sio-b'],
  count: COUNT,
  startTime: Date.now() - COUNT,
  textOf: '42["tick{i}",{"seq":{i}}]',
});
await seeder.close();

const page = await browser.context.newPage();
await page.setViewportSize({ width: 1400, height: 900 });
await page.goto(`chrome-extension://${browser.extensionId}/src/panel/index.html?tabId=${TAB_ID}`);
await page.waitForFunction((count) => document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') === String(count + 1), COUNT, { timeout: 300_000 });

const keystroke = (value: string) => filterKeystrokeMs(page, value);

// Decoding runs after the rows load: `event:tick9999` finds its one message once everything is decoded.
await page.evaluate(() => {
  const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!;
  input.value = 'event:tick9999';
  input.dispatchEvent(new Event('input', { bubbles: true }));
});
// tick9999 and tick99990-tick99999: 11 messages, plus the header row.
await page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') === '12', null, { timeout: 300_000 });
await keystroke('');

const field: number[] = [];
const text: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const query of QUERIES) {
    // Interleaved, each after a clear, so both kinds meet the same panel state.
    field.push(await keystroke(`event:${query}`));
    await keystroke('');
    text.push(await keystroke(query));
    await keystroke('');
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  `Filter keystroke → table over ${COUNT.toLocaleString()} Socket.IO messages, ${ROUNDS} rounds of ${QUERIES.length} queries, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('| protocol field (`event:tick1`) median | worst | plain text (`tick1`) median, the baseline | worst | ratio of medians | target < 100 ms |');
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${median(field).toFixed(1)} ms | ${Math.max(...field).toFixed(1)} ms | ${median(text).toFixed(1)} ms | ${Math.max(...text).toFixed(1)} ms | ${(median(field) / median(text)).toFixed(2)}× | ${median(field) < 100 ? 'met' : 'NOT met'} |`,
);
await browser.close();
