// What handing a binary payload from the page's world to the extension's service worker costs the
// page's thread, as an ArrayBuffer copy or as a Blob, by payload size: the measurement behind
// BLOB_MIN_BYTES (src/shared/binary-body.ts). A throwaway extension does only that hop, the way the
// real one does it: a MAIN-world script copies the bytes and dispatches a CustomEvent whose detail the
// isolated content script posts down a structured-clone port; the worker counts what arrives. Time per
// MB of payload, median of ROUNDS pages per size and kind, both kinds in the same browser. The pages
// are undriven (bench/undriven/): a driver's session on the page would run on the thread being timed.
//   node --import tsx bench/binary-handover.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchUndriven, type UndrivenBrowser } from './undriven/browser';
import { median } from './undriven/compare';
import { startJobServer } from './undriven/jobs';

const SIZES = [64 * 1024, 128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024, 4096 * 1024];
const MB_PER_RUN = 40;
const ROUNDS = Number(process.env.HANDOVER_ROUNDS ?? 3);
type Kind = 'ArrayBuffer' | 'Blob';

const extension = {
  'manifest.json': JSON.stringify({
    manifest_version: 3,
    name: 'handover bench',
    version: '1',
    message_serialization: 'structured_clone',
    background: { service_worker: 'worker.js' },
    content_scripts: [
      { matches: ['<all_urls>'], js: ['page.js'], run_at: 'document_start', world: 'MAIN' },
      { matches: ['<all_urls>'], js: ['relay.js'], run_at: 'document_start' },
    ],
  }),
  'page.js': `window.handOver = (kind, size, count) => {
    const source = new Uint8Array(size).map((_, index) => index & 255);
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      let body;
      if (kind === 'Blob') body = new Blob([source]);
      else { const copy = new Uint8Array(size); copy.set(source); body = copy.buffer; }
      dispatchEvent(new CustomEvent('bench-up', { detail: { json: '[]', buffers: [body] } }));
    }
    return performance.now() - start;
  };`,
  'relay.js': `const port = chrome.runtime.connect();
    port.onMessage.addListener((arrived) => { document.documentElement.dataset.arrived = String(arrived); });
    addEventListener('bench-up', (event) => port.postMessage(event.detail));`,
  'worker.js': `chrome.runtime.onConnect.addListener((port) => {
    let bytes = 0;
    port.onMessage.addListener((message) => {
      for (const body of message.buffers) bytes += body.byteLength ?? body.size;
      port.postMessage(bytes);
    });
  });`,
};

const dir = mkdtempSync(join(tmpdir(), 'wsi-handover-ext-'));
for (const [name, text] of Object.entries(extension)) writeFileSync(join(dir, name), text);
const jobs = await startJobServer();

async function msPerMb(browser: UndrivenBrowser, kind: Kind, size: number): Promise<number> {
  const count = Math.ceil((MB_PER_RUN * 1024 * 1024) / size);
  // The page also waits until everything arrived, or the figure would leave out work still queued.
  const { ms } = await jobs.run(browser, {
    kind: 'call',
    name: 'handOver',
    args: [kind, size, count],
    doneWhen: { key: 'arrived', value: String(count * size) },
  });
  return ms / ((count * size) / (1024 * 1024));
}

console.log(`Page-thread ms per MB handed over, median of ${ROUNDS} pages of ${MB_PER_RUN} MB each (headless Chromium)`);
console.log('| payload size | ArrayBuffer | Blob | Blob / ArrayBuffer |');
console.log('| ---: | ---: | ---: | ---: |');
const browser = await launchUndriven(dir);
try {
  for (const size of SIZES) {
    const times: Record<Kind, number[]> = { ArrayBuffer: [], Blob: [] };
    for (let round = 0; round < ROUNDS; round++) for (const kind of ['ArrayBuffer', 'Blob'] as const) times[kind].push(await msPerMb(browser, kind, size));
    const [buffer, blob] = [median(times.ArrayBuffer), median(times.Blob)];
    console.log(`| ${size / 1024} KiB | ${buffer.toFixed(1)} | ${blob.toFixed(1)} | ${(blob / buffer).toFixed(2)} |`);
  }
} finally {
  await browser.close();
  await jobs.close();
  rmSync(dir, { recursive: true, force: true });
}
