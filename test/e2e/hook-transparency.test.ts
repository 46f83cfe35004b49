// A page cannot tell, in normal use, that WebSocket is wrapped: the same probe runs in Chromium with the
// built extension and in a baseline Chromium without it, and everything it observes must be equal.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { CHROMIUM_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';
import { startTestServer, type TestServer } from './servers';

let withExtension: ExtensionBrowser;
let baseline: Browser;
let server: TestServer;
let probeUrl: string;

beforeAll(async () => {
  [withExtension, baseline, server] = await Promise.all([
    launchWithExtension(),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] }),
    startTestServer(),
  ]);
  probeUrl = server.page('/probe.html', '<!doctype html><title>probe</title><body></body>');
});
afterAll(async () => {
  await withExtension?.close();
  await baseline?.close();
  await server?.close();
});

/** Everything a page might look at, as plain data. Runs in the page. */
async function observe(wsUrl: string) {
  const out: Record<string, unknown> = {};
  const error = (run: () => unknown) => {
    try {
      run();
      return 'no error';
    } catch (e) {
      const err = e as DOMException;
      return `${err.constructor.name} ${err.name} ${err.code ?? ''}: ${err.message}`;
    }
  };
  const describeFn = (fn: Function) => [typeof fn, fn.name, fn.length, String(fn), Function.prototype.toString.call(fn)];
  const proto = WebSocket.prototype;
  const descriptor = (target: object, name: PropertyKey) => {
    const d = Object.getOwnPropertyDescriptor(target, name)!;
    return [typeof d.value, typeof d.get, d.writable, d.enumerable, d.configurable];
  };
  out.webSocketClass = describeFn(WebSocket);
  out.methods = ['send', 'close', 'addEventListener', 'removeEventListener', 'dispatchEvent'].map((name) =>
    describeFn((proto as unknown as Record<string, Function>)[name] ?? EventTarget.prototype[name as 'dispatchEvent']),
  );
  out.toStringItself = describeFn(Function.prototype.toString);
  out.statics = [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED];
  out.prototypeConstants = [proto.CONNECTING, proto.OPEN, proto.CLOSING, proto.CLOSED];
  out.ownNames = [Object.getOwnPropertyNames(WebSocket).sort(), Object.getOwnPropertyNames(proto).sort()];
  out.descriptors = [descriptor(window, 'WebSocket'), descriptor(proto, 'send'), descriptor(proto, 'close'), descriptor(proto, 'constructor')];
  out.protoChain = [proto.constructor === WebSocket, Object.getPrototypeOf(WebSocket) === EventTarget, Object.getPrototypeOf(proto) === EventTarget.prototype];
  out.withoutNew = error(() => (WebSocket as unknown as () => void)());
  out.badUrls = ['foo', 'http://[', 'ftp://example.com/', 'ws://example.com/#hash'].map((url) => error(() => new WebSocket(url)));
  out.badProtocols = [['a', 'a'], 'has space', ['ok', ''], ['é']].map((protocols) => error(() => new WebSocket(`${wsUrl}/silent`, protocols)));

  const ws = new WebSocket(`${wsUrl}/echo`);
  class Sub extends WebSocket {}
  const sub = new Sub(`${wsUrl}/silent`);
  out.instance = [
    ws instanceof WebSocket, ws.constructor === WebSocket, Object.getPrototypeOf(ws) === proto, ws.send === proto.send,
    Object.prototype.toString.call(ws), sub instanceof Sub, sub instanceof WebSocket, Object.getPrototypeOf(sub) === Sub.prototype,
  ];
  out.initial = [ws.url, ws.readyState, ws.protocol, ws.extensions, ws.binaryType, ws.bufferedAmount, ws.onmessage];
  out.sendWhileConnecting = error(() => ws.send('too early'));
  out.sendNothing = error(() => (ws.send as () => void)());
  out.sendSymbol = error(() => ws.send(Symbol('s') as unknown as string));
  out.badClose = [error(() => ws.close(999)), error(() => ws.close(1000, 'x'.repeat(124)))];
  ws.binaryType = 'nonsense' as BinaryType;
  out.binaryTypeAfterNonsense = ws.binaryType;
  await new Promise((done) => ws.addEventListener('open', done));
  out.opened = [ws.readyState, ws.protocol, ws.extensions];

  const deliveries: string[] = [];
  ws.onmessage = (event) => deliveries.push(`onmessage ${Object.prototype.toString.call(event.data)} ${event.origin} ${event.isTrusted}`);
  ws.addEventListener('message', (event) => deliveries.push(`listener ${Object.prototype.toString.call(event.data)}`));
  ws.addEventListener('message', (event) => deliveries.push(`once ${typeof event.data}`), { once: true });
  const received = () => new Promise((done) => ws.addEventListener('message', done, { once: true }));
  ws.send('text');
  await received();
  ws.binaryType = 'arraybuffer';
  ws.send(new Uint8Array([1, 2, 3]));
  await received();
  ws.binaryType = 'blob';
  ws.send(new Uint8Array([4, 5]).buffer);
  await received();
  out.deliveries = deliveries;

  const before = ws.bufferedAmount;
  ws.send(new Uint8Array(100_000));
  out.bufferedAmountGrowth = ws.bufferedAmount - before;
  out.sendReturns = ws.send('x');

  ws.close(4000, 'done');
  out.closing = ws.readyState;
  await new Promise((done) => ws.addEventListener('close', done));
  out.closed = [ws.readyState, error(() => ws.send('after close')), ws.bufferedAmount >= 0];
  sub.close();
  return out;
}

async function probe(page: Page): Promise<Record<string, unknown>> {
  await page.goto(probeUrl);
  return page.evaluate(observe, server.wsUrl);
}

/**
 * Whether the hook is present, told apart the only way found: the wrapper's frame in the stack of an
 * error the native constructor throws (a page could look for it too).
 */
async function hookIsPresent(page: Page | Frame): Promise<boolean> {
  return page.evaluate(() => {
    try {
      new WebSocket('http://[');
    } catch (e) {
      return /hook\.iife|chrome-extension:/.test(String((e as Error).stack));
    }
    return false;
  });
}

test('a page observes the same WebSocket with and without the hook', async () => {
  const hooked = await withExtension.context.newPage();
  const plain = await baseline.newPage();
  const [observedHooked, observedPlain] = await Promise.all([probe(hooked), probe(plain)]);
  expect(await hookIsPresent(hooked)).toBe(true);
  expect(await hookIsPresent(plain)).toBe(false);
  const port = new URL(server.wsUrl).port;
  expect(JSON.stringify(observedHooked)).toContain(port);
  expect(observedHooked).toEqual(observedPlain);
  // The baseline itself is what a page expects of a native WebSocket.
  expect(observedPlain.instance).toEqual([true, true, true, true, '[object WebSocket]', true, true, true]);
  expect(observedPlain.deliveries).toEqual([
    `onmessage [object String] ${server.wsUrl} true`, 'listener [object String]', 'once string',
    `onmessage [object ArrayBuffer] ${server.wsUrl} true`, 'listener [object ArrayBuffer]',
    `onmessage [object Blob] ${server.wsUrl} true`, 'listener [object Blob]',
  ]);
  expect((observedPlain.webSocketClass as unknown[])[3]).toBe('function WebSocket() { [native code] }');
  await hooked.close();
  await plain.close();
});

test('the extension puts the hook in every frame: srcdoc, script-made about:blank, cross-origin', async () => {
  const crossOrigin = server.httpUrl.replace('127.0.0.1', 'localhost');
  server.page('/child.html', '<!doctype html><body>child</body>');
  const url = server.page(
    '/frames.html',
    `<!doctype html><body><iframe name="srcdoc" srcdoc="<p>srcdoc</p>"></iframe><iframe name="cross" src="${crossOrigin}/child.html"></iframe></body>`,
  );
  const page = await withExtension.context.newPage();
  await page.goto(url);
  // A socket made in a fresh about:blank iframe, from the parent, right after insertion.
  const blankHooked = await page.evaluate(() => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      new (frame.contentWindow as unknown as typeof window).WebSocket('http://[');
    } catch (e) {
      return /hook\.iife/.test(String((e as Error).stack));
    }
    return false;
  });
  expect(blankHooked).toBe(true);
  for (const name of ['srcdoc', 'cross']) {
    const frame = page.frame({ name })!;
    await frame.waitForLoadState();
    expect(await hookIsPresent(frame), name).toBe(true);
  }
  await page.close();
});
