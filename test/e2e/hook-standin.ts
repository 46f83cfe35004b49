// Test rig for the page hook without the rest of the extension: a plain Chromium (no extension) whose
// pages get, at document_start in every frame, the BUILT hook (dist .../src/page/hook.iife.js) plus a
// stand-in for the content script: the real src/content/page-channel.ts bundled for the MAIN world,
// recording every event it receives into window.__wsi.events. Tests read that through the frame.
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { build } from 'esbuild';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROME_DIST, CHROMIUM_PATH } from './chromium';
import type { ContentToPage, PageToContent } from '../../src/shared/messages';

export const HOOK_BUILD = join(CHROME_DIST, 'src/page/hook.iife.js');

/** The built hook's source; fails with a hint when the build is missing. */
export function builtHookSource(): string {
  if (!existsSync(HOOK_BUILD)) throw new Error(`No hook build at ${HOOK_BUILD}: run WSI_OUT_DIR=... npx vite build --mode chrome`);
  return readFileSync(HOOK_BUILD, 'utf8');
}

const STAND_IN_ENTRY = `
import { openPageChannel } from './src/content/page-channel.ts';
import { hookBatchParser } from './src/shared/validate.ts';
// The real content script lives in an isolated world the page can't touch; this stand-in shares the
// page's world, so it keeps its own references to what it uses (tests patch built-ins).
const push = Array.prototype.push;
const apply = Reflect.apply;
const toBase64 = Uint8Array.prototype.toBase64;
const blobArrayBuffer = Blob.prototype.arrayBuffer;
const NativeUint8Array = Uint8Array;
const NativeBlob = Blob;
const then = Promise.prototype.then;
const events = [];
const rejected = [];
// handOvers: CustomEvents from the hook, told apart as the runs of events delivered in one go.
const crossed = { blobs: 0, handOvers: 0 };
let inHandOver = false;
const nativeQueueMicrotask = queueMicrotask;
// Checked as the relay checks it; binary payloads recorded as base64 whichever way they crossed (bytes
// or, when large, a Blob in Chrome builds). A Blob is read asynchronously, so from the first one on,
// events are recorded in a chain, in the order they came.
const asBase64 = (bytes) => apply(toBase64, new NativeUint8Array(bytes), []);
const record = (event, bytes) => {
  if (bytes !== undefined) {
    const { bytes: _bytes, ...payload } = event.payload;
    event = { ...event, payload: { ...payload, data: asBase64(bytes) } };
  }
  apply(push, events, [event]);
};
let chain = null;
const parse = JSON.parse;
const isArray = Array.isArray;
const onEvent = (untrusted, parseEvent) => {
  if (!inHandOver) {
    inHandOver = true;
    crossed.handOvers++;
    nativeQueueMicrotask(() => { inHandOver = false; });
  }
  const event = parseEvent(untrusted);
  if (!event) return apply(push, rejected, [untrusted]);
  const bytes = event.t === 'message' && 'bytes' in event.payload ? event.payload.bytes : undefined;
  if (bytes instanceof NativeBlob) crossed.blobs++;
  if (chain === null && !(bytes instanceof NativeBlob)) return record(event, bytes);
  const read = bytes instanceof NativeBlob ? apply(blobArrayBuffer, bytes, []) : bytes;
  chain = apply(then, chain ?? read, [() => read]);
  chain = apply(then, chain, [(readBytes) => record(event, readBytes)]);
};
// The relay hands hook batches on unparsed; the background parses them as this does.
const channel = openPageChannel((batch) => {
  let list;
  try {
    list = parse(batch.json);
  } catch {
    return apply(push, rejected, ['(not JSON)']);
  }
  if (!isArray(list)) return apply(push, rejected, ['(not a JSON array)']);
  const parseEvent = hookBatchParser(batch.buffers);
  for (let index = 0; index < list.length; index++) onEvent(list[index], parseEvent);
}, () => apply(push, rejected, ['(not a JSON string)']));
Object.defineProperty(window, '__wsi', {
  value: Object.freeze({ events, rejected, crossed, send: (command) => channel.send(command), paired: () => channel.paired() }),
});
`;

let standInSource: Promise<string> | undefined;

/** page-channel.ts + validate.ts bundled as one classic script. */
export function standInScript(): Promise<string> {
  standInSource ??= build({
    stdin: { contents: STAND_IN_ENTRY, resolveDir: resolve(import.meta.dirname, '../..'), loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  }).then((result) => result.outputFiles[0]!.text);
  return standInSource;
}

export interface HookRig {
  browser: Browser;
  /** A fresh context with the hook (and, unless `standIn` is false, the stand-in) in every frame. */
  newContext(options?: { standIn?: boolean; standInFirst?: boolean; hook?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchHookRig(): Promise<HookRig> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  const hook = builtHookSource();
  const standIn = await standInScript();
  return {
    browser,
    async newContext({ standIn: withStandIn = true, standInFirst = false, hook: withHook = true } = {}) {
      const context = await browser.newContext();
      const scripts = [withHook ? hook : null, withStandIn ? standIn : null];
      if (standInFirst) scripts.reverse();
      for (const script of scripts) if (script) await context.addInitScript({ content: script });
      return context;
    },
    close: () => browser.close(),
  };
}

/** Events the stand-in has received in `frame` so far (as JSON text: Playwright's own serialiser takes seconds for 10 MiB or 10,000 events). */
export async function capturedEvents(target: Page | Frame): Promise<PageToContent[]> {
  return JSON.parse(await target.evaluate(() => JSON.stringify((window as unknown as { __wsi: { events: unknown[] } }).__wsi.events))) as PageToContent[];
}

/** Waits until `predicate` holds for the captured events, then returns them. */
export async function waitForEvents(target: Page | Frame, predicate: (events: PageToContent[]) => boolean, timeoutMs = 15_000): Promise<PageToContent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await capturedEvents(target);
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error(`timed out; captured: ${JSON.stringify(events).slice(0, 2000)}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Sends a command down the channel from the stand-in. */
export async function sendCommand(target: Page | Frame, command: ContentToPage): Promise<boolean> {
  return target.evaluate((cmd) => (window as unknown as { __wsi: { send(c: unknown): boolean } }).__wsi.send(cmd), command);
}

export const messagesOf = (events: PageToContent[], conn?: string) =>
  events.filter((event): event is Extract<PageToContent, { t: 'message' }> => event.t === 'message' && (conn === undefined || event.conn === conn));
