// Decoder throughput, ours vs ws's Receiver, on identical streams in one run: ours pure TypeScript (as
// the panel runs it) and with the Node adapters the decode CLI passes (scripts/node-adapters.ts).
//   node --import tsx bench/decoder.ts [--quick] [--full-gc]
// ws runs as pure JavaScript: its optional native add-ons are switched off (and not installed).
process.env.WS_NO_BUFFER_UTIL = '1';
process.env.WS_NO_UTF_8_VALIDATE = '1';

import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { NODE_ADAPTERS } from '../scripts/node-adapters.ts';
import { DEFAULT_DEFLATE_PARAMS, FrameParser, joinFrames, MessageEncoder, type ParserOptions, type Role } from '../src/rfc6455/index.ts';

// Imported after the environment is set: ws reads it when it loads.
const { Receiver, wsDeflate, wsSend } = await import('../test/fixtures/rfc6455/ws-peer.ts');

// A collection before every timed run, so neither decoder pays for the other's garbage: a
// young-generation one (what a run leaves is young), after a full one before each stream. A full
// collection before every run (--full-gc, as this bench did before 2026-12-01) also throws away
// optimized code: each run makes a new parser, and when a full collection finds no object of a
// shape left, V8 drops the code that depends on it, so every run began by compiling again.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'minor'; execution: 'sync' }) => void;
const fullGcEveryRun = process.argv.includes('--full-gc');
/** gc() is a full collection; Node 20's V8 does not take { type: 'major' } (it scavenges). */
const collectGarbage = () => (fullGcEveryRun ? gc() : gc({ type: 'minor', execution: 'sync' }));

const quick = process.argv.includes('--quick');
const CHUNK = 64 * 1024; // what a socket read typically hands over
const STREAM_BYTES = quick ? 4 << 20 : 16 << 20;
/** ws inflates each message on the libuv pool, about 30 µs a round trip: fewer small messages keep the run short. */
const SMALL_DEFLATE_STREAM_BYTES = quick ? 1 << 20 : 4 << 20;
const RUNS = quick ? 3 : 7;

interface Case {
  name: string;
  frameSize: number;
  masked: boolean;
  deflate: boolean;
}

const cases: Case[] = [];
for (const frameSize of [64, 1 << 20]) {
  for (const masked of [true, false]) {
    for (const deflate of [false, true]) {
      cases.push({
        name: `${frameSize === 64 ? '64 B' : '1 MB'} ${masked ? 'masked' : 'unmasked'} ${deflate ? 'deflate' : 'plain'}`,
        frameSize,
        masked,
        deflate,
      });
    }
  }
}

/** Binary payload of JSON-like records with random numbers: compresses about 2-3:1, like live traffic. */
function payload(size: number, seed: number): Uint8Array {
  const keys = ['{"id":', ',"price":', ',"qty":', ',"side":"buy"', ',"side":"sell"', ',"ts":', '}\n'];
  const out = new Uint8Array(size);
  let state = seed * 2654435761;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
  for (let at = 0; at < size;) {
    const key = keys[next() % keys.length]!;
    const word = key + String(next() % 10000000);
    for (let i = 0; i < word.length && at < size; i++) out[at++] = word.charCodeAt(i);
  }
  return out;
}

/** The stream: deflate streams come from ws's Sender (native zlib), plain ones from our encoder. */
async function buildStream(testCase: Case): Promise<{ bytes: Uint8Array; messages: number }> {
  const role: Role = testCase.masked ? 'client' : 'server';
  const streamBytes = testCase.deflate && testCase.frameSize < 1024 ? SMALL_DEFLATE_STREAM_BYTES : STREAM_BYTES;
  const messages = Math.max(1, Math.floor(streamBytes / testCase.frameSize));
  const distinct = Array.from({ length: Math.min(messages, 64) }, (_, i) => payload(testCase.frameSize, i + 1));
  if (!testCase.deflate) {
    const encoder = new MessageEncoder({ role, maskKey: () => Uint8Array.of(0x12, 0x34, 0x56, 0x78) });
    return {
      bytes: joinFrames(Array.from({ length: messages }, (_, i) => encoder.encode({ type: 'binary', data: distinct[i % distinct.length]! })[0]!)),
      messages,
    };
  }
  const sent = Array.from({ length: messages }, (_, i) => ({ type: 'binary' as const, data: distinct[i % distinct.length]! }));
  return { bytes: await wsSend(role, sent, { deflate: DEFAULT_DEFLATE_PARAMS }), messages };
}

function chunks(bytes: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push(Buffer.from(bytes.subarray(at, at + CHUNK)));
  return out;
}

interface Timing {
  wallMs: number;
  /** Process CPU time, all threads (ws's zlib work runs on the libuv pool). */
  cpuMs: number;
}

function startClock(): () => Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

/**
 * frameEvents false: messages only, which is all ws's Receiver reports. `adapters`: the Node
 * options the decode CLI passes (node:zlib for large deflate messages, Buffer.allocUnsafeSlow).
 */
function runOurs(parts: Buffer[], testCase: Case, expected: number, frameEvents = true, adapters: Partial<ParserOptions> = {}): Timing {
  const stop = startClock();
  const parser = new FrameParser({
    role: testCase.masked ? 'client' : 'server',
    deflate: testCase.deflate ? DEFAULT_DEFLATE_PARAMS : null,
    frameEvents,
    ...adapters,
  });
  let received = 0;
  for (const part of parts) {
    for (const event of parser.push(part)) {
      if (event.kind === 'message') received++;
      else if (event.kind === 'error') throw new Error(event.message);
    }
  }
  if (received !== expected) throw new Error(`ours decoded ${received} of ${expected} messages`);
  return stop();
}

/** ws unmasks in place, so it gets fresh copies each run (made before the clock starts). */
function runWs(original: Buffer[], testCase: Case, expected: number): Promise<Timing> {
  const parts = original.map((part) => Buffer.from(part));
  return new Promise((resolve, reject) => {
    const stop = startClock();
    const isServer = testCase.masked;
    const receiver = new Receiver({
      isServer,
      extensions: testCase.deflate ? { 'permessage-deflate': wsDeflate(DEFAULT_DEFLATE_PARAMS, isServer) } : {},
      maxPayload: 0,
    });
    let received = 0;
    receiver.on('message', () => {
      if (++received === expected) resolve(stop());
    });
    receiver.on('error', reject);
    for (const part of parts) receiver.write(part);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg()[0]!.toFixed(1)}`);
console.log(
  `${RUNS} runs per stream (median), pushed in ${CHUNK / 1024} KiB chunks; MB/s = payload bytes (inflated, for deflate) per CPU second, wall-clock ratio alongside`,
);
console.log(`A ${fullGcEveryRun ? 'full' : 'young-generation'} collection before every run${fullGcEveryRun ? '' : ', a full one before each stream'}.`);
console.log('"ours" emits frame and message events; "ours, messages" only message events (frameEvents: false), like ws.');
console.log(
  'Both are pure TypeScript, as the panel runs them. "ours + Node" is "ours" with the Node adapters the decode CLI passes (scripts/node-adapters.ts).',
);
console.log(
  '| stream | wire MB | payload MB | ours MB/s | ours, messages MB/s | ours + Node MB/s | ws MB/s | ours/ws | ours, messages/ws | ours + Node/ws | ours/ws (wall) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const testCase of cases) {
  const { bytes, messages } = await buildStream(testCase);
  const parts = chunks(bytes);
  const mb = (messages * testCase.frameSize) / 1e6;
  gc();
  for (let warmUp = 0; warmUp < 2; warmUp++) {
    runOurs(parts, testCase, messages);
    runOurs(parts, testCase, messages, false);
    runOurs(parts, testCase, messages, true, NODE_ADAPTERS);
    await runWs(parts, testCase, messages);
  }
  const ours: Timing[] = [];
  const oursMessagesOnly: Timing[] = [];
  const oursWithNode: Timing[] = [];
  const theirs: Timing[] = [];
  for (let run = 0; run < RUNS; run++) {
    collectGarbage();
    ours.push(runOurs(parts, testCase, messages));
    collectGarbage();
    oursMessagesOnly.push(runOurs(parts, testCase, messages, false));
    collectGarbage();
    oursWithNode.push(runOurs(parts, testCase, messages, true, NODE_ADAPTERS));
    collectGarbage();
    theirs.push(await runWs(parts, testCase, messages));
  }
  const rate = (timings: Timing[], key: keyof Timing) => mb / (median(timings.map((timing) => timing[key])) / 1000);
  const oursCpu = rate(ours, 'cpuMs');
  const messagesOnlyCpu = rate(oursMessagesOnly, 'cpuMs');
  const withNodeCpu = rate(oursWithNode, 'cpuMs');
  const wsCpu = rate(theirs, 'cpuMs');
  const wallRatio = rate(ours, 'wallMs') / rate(theirs, 'wallMs');
  const cells = [oursCpu, messagesOnlyCpu, withNodeCpu, wsCpu].map((value) => value.toFixed(0));
  const ratios = [oursCpu / wsCpu, messagesOnlyCpu / wsCpu, withNodeCpu / wsCpu, wallRatio].map((value) => value.toFixed(2));
  console.log(`| ${testCase.name} | ${(bytes.length / 1e6).toFixed(1)} | ${mb.toFixed(1)} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
}
