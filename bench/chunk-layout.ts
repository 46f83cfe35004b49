// What storing a chunk of 1,024 messages (or CHUNK_MESSAGES) costs the thread that writes it, in the chunk layout of
// before (one object per message) and in columns (src/db/chunk-columns.ts), in the same Chromium
// page and run: IndexedDB's structured clone runs inside add(), on the caller's thread, as it does in
// the extension's service worker. Chunks of the flood's 100-byte texts, all data inline. Prints the
// median per chunk of building the record, add(), everything to the commit, and reading it back
// (get() and decoding every message), with the ratio columns / rows. A third contender, rows without
// the data that equals the preview, tells the columns' saving from that of not storing it twice.
// CHUNK_MESSAGES sets the messages per chunk (a batch of a slow socket holds a few). The page is opened
// undriven (bench/undriven/browser.ts: no automation session on it) and posts its timings back over HTTP.
//   node --import tsx bench/chunk-layout.ts   (CHUNK_ROUNDS=15, CHUNKS_PER_ROUND=10, CHUNK_MESSAGES=1024 to change)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { launchUndriven } from './undriven/browser';
import { median } from './undriven/compare';
import type { Layout, LayoutTiming } from './chunk-layout-page';

const ROUNDS = Number(process.env.CHUNK_ROUNDS ?? 15);
const CHUNKS_PER_ROUND = Number(process.env.CHUNKS_PER_ROUND ?? 10);
const CHUNK_MESSAGES = Number(process.env.CHUNK_MESSAGES ?? 1024);
const ROOT = resolve(import.meta.dirname, '..');

/** A TypeScript file of the repository as a browser module: types erased, relative imports given their .js. */
function moduleOf(path: string): string {
  const source = readFileSync(resolve(ROOT, path.replace(/\.js$/, '.ts')), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return outputText.replace(/from '(\.{1,2}\/[^']+)'/g, "from '$1.js'");
}

let deliver: (results: Record<Layout, LayoutTiming[]>) => void = () => undefined;
const delivered = new Promise<Record<Layout, LayoutTiming[]>>((resolveResults) => (deliver = resolveResults));
/** The page runs the bench as it loads and posts the timings to /result. */
const PAGE = `<!doctype html><script type="module">
  import '/bench/chunk-layout-page.js';
  const results = await runChunkBench(${ROUNDS}, ${CHUNKS_PER_ROUND}, ${CHUNK_MESSAGES});
  await fetch('/result', { method: 'POST', body: JSON.stringify(results) });
</script>`;

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  } else if (path === '/result' && req.method === 'POST') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (body += part));
    req.on('end', () => {
      res.writeHead(204).end();
      deliver(JSON.parse(body) as Record<Layout, LayoutTiming[]>);
    });
  } else if (/^\/(bench|src)\/[\w/.-]+\.js$/.test(path) && !path.includes('..')) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(moduleOf(path.slice(1)));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
const { port } = server.address() as { port: number };

const browser = await launchUndriven();
try {
  const closePage = await browser.openPage(`http://127.0.0.1:${port}/`);
  const results = await Promise.race([delivered, browser.exited]);
  await closePage();
  const steps: (keyof LayoutTiming)[] = ['build', 'add', 'commit', 'read'];
  const cell = (layout: Layout, step: keyof LayoutTiming) => median(results[layout].map((timing) => timing[step]));
  console.log(
    `Chunk of ${CHUNK_MESSAGES} × 100-character texts, ms per chunk, median of ${ROUNDS} rounds of ${CHUNKS_PER_ROUND} chunks per layout (headless Chromium, page undriven)`,
  );
  const layouts = Object.keys(results) as Layout[];
  console.log(`| step | ${layouts.join(' | ')} | columns / rows |`);
  console.log(`|---|${layouts.map(() => '---:|').join('')}---:|`);
  for (const step of steps) {
    const ratio = cell('columns', step) / cell('rows', step);
    console.log(`| ${step} | ${layouts.map((layout) => cell(layout, step).toFixed(2)).join(' | ')} | ${ratio.toFixed(2)} |`);
  }
} finally {
  await browser.close();
  server.close();
}
