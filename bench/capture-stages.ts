// What each stage of capturing a large binary payload costs the 1 MB echo, in one run: throwaway
// Chrome builds that stop after a stage, beside the contenders of every capture bench (no capture,
// DevTools open, the real build as "extension"; bench/undriven/compare.ts). Each variant is
// the real source with one line rewritten at build time (a rewrite whose line is gone fails the
// bench rather than measure the unchanged build):
//   copy only        the hook copies each payload of BLOB_MIN_BYTES or more into an ArrayBuffer, drops it
//   Blob only        the same, into a Blob
//   handed over      the Blob goes to the worker as in the real build, which does not read it
//   extension        (the real build) the worker reads it and stores the bytes
// For any payload (the 100-byte echo's stages; name them in STAGES):
//   recorded-only    the hook records each message but queues none for the relay (lifecycle events go on)
//   relay-drops      the hook hands its batches over; the relay drops them
//   bg-acks-only     the relay posts its batches; the worker acknowledges each without reading it
//   bg-not-stored    the worker checks each batch as the real build does but stores no message (as when paused)
// The stored messages of the variants keep their size but no bytes (marked truncated). Other ways to
// keep the handed-over Blob, tried against IndexedDB of its bytes, run when named in STAGES:
//   blob-stored      the worker stores the Blob itself in IndexedDB
//   cache-api        it puts the Blob in a Cache (the Cache API), in the background
//   opfs             it writes the Blob to a file of the origin private file system, in the background
//   BENCH_ROUNDS=5 node --import tsx bench/capture-stages.ts   (needs `npm run build` first: the real build)
//   STAGES=handed-over,blob-stored,cache-api,opfs node --import tsx bench/capture-stages.ts
//   BENCH_WORKLOAD=100-byte STAGES=recorded-only,relay-drops,bg-acks-only,bg-not-stored node --import tsx bench/capture-stages.ts
// Both workloads run unless BENCH_WORKLOAD names one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCapture } from './undriven/compare';
import { buildVariant } from './undriven/variant-build';
import { BINARY_ECHO, TEXT_ECHO } from './undriven/workloads';

const HOOK_HANDS_OVER = "  if (binaryHandOver.asBytes) return { kind: 'binary', source, size, bytes: binaryBody(bytes), truncated };";
const WORKER_READS = 'const bytes = readBlobs ? await body.arrayBuffer().catch(() => null) : new ArrayBuffer(0);';
const QUEUES = '  const queue = (event: HookEvent): void => {';
const RELAY_KEEPS = '    if (rest) batcher.add(rest);';
const WORKER_INGESTS = '        void enqueue(() => ingestBatch(port, relay, message)).catch(() => {';
const WORKER_WRITES = '      () => writeBatch(db, frame, storable, { discardMessages }),';
/** The hook makes its copy (`copy`: an expression of `bytes`), keeps it out of reach of dead-code removal, hands over none. */
const hookDrops = (copy: string): string =>
  `  if (binaryHandOver.asBytes && typedArrayByteLength(bytes) >= BLOB_MIN_BYTES) {\n` +
  `    (globalThis as { wsiStageSink?: unknown }).wsiStageSink = ${copy};\n` +
  `    return { kind: 'binary', source, size, bytes: new ArrayBuffer(0), truncated: true };\n  }\n${HOOK_HANDS_OVER}`;

/** The worker stores no bytes; `keep` (a promise-valued expression of the Blob `body`, or nothing) runs beside. */
const workerKeeps = (keep: string): string =>
  `${keep ? `if (readBlobs) void ${keep}.catch((error: unknown) => console.error(error));\n    ` : 'void readBlobs;\n    '}const bytes = new ArrayBuffer(0);`;

interface Stage {
  name: string;
  file: string;
  line: string;
  replacement: string;
}

const hookStage = (name: string, copy: string): Stage => ({ name, file: 'src/page/payload-encoding.ts', line: HOOK_HANDS_OVER, replacement: hookDrops(copy) });
const workerStage = (name: string, replacement: string): Stage => ({ name, file: 'src/background/storable-events.ts', line: WORKER_READS, replacement });

const STAGES: Stage[] = [
  { name: 'recorded-only', file: 'src/page/channel.ts', line: QUEUES, replacement: `${QUEUES}\n    if (event.t === 'message') return;` },
  { name: 'relay-drops', file: 'src/content/relay.iife.ts', line: RELAY_KEEPS, replacement: '    void rest;' },
  {
    name: 'bg-acks-only',
    file: 'src/background/content-ports.ts',
    line: WORKER_INGESTS,
    replacement: `        acknowledge(port, message.batch);\n        return;\n${WORKER_INGESTS}`,
  },
  {
    name: 'bg-not-stored',
    file: 'src/background/content-ports.ts',
    line: WORKER_WRITES,
    replacement: '      () => writeBatch(db, frame, storable, { discardMessages: true }),',
  },
  hookStage('copy-only', 'exactArrayBuffer(bytes)'),
  hookStage('blob-only', 'construct(NativeBlob, [[bytes as Uint8Array<ArrayBuffer>]])'),
  workerStage('handed-over', workerKeeps('')),
  workerStage('blob-stored', 'const bytes = readBlobs ? body : new ArrayBuffer(0);'),
  workerStage(
    'cache-api',
    workerKeeps("caches.open('wsi-stage').then((cache) => cache.put(`https://wsi.invalid/${crypto.randomUUID()}`, new Response(body)))"),
  ),
  workerStage(
    'opfs',
    workerKeeps(
      'navigator.storage.getDirectory().then(async (root) => { const file = await (await root.getFileHandle(crypto.randomUUID(), { create: true })).createWritable(); await file.write(body); await file.close(); })',
    ),
  ),
];
const DEFAULT_STAGES = ['copy-only', 'blob-only', 'handed-over'];
const chosen = process.env.STAGES?.split(',') ?? DEFAULT_STAGES;
for (const name of chosen)
  if (!STAGES.some((stage) => stage.name === name)) throw new Error(`no stage "${name}": ${STAGES.map((stage) => stage.name).join(', ')}`);

const outRoot = mkdtempSync(join(tmpdir(), 'wsi-stages-'));
try {
  await compareCapture(
    [BINARY_ECHO, TEXT_ECHO],
    STAGES.filter((stage) => chosen.includes(stage.name)).map(({ name, file, line, replacement }) =>
      buildVariant(name, [{ file, find: line, replacement }], outRoot),
    ),
  );
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
