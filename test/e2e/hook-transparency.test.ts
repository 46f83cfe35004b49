// A page cannot tell, in normal use, that WebSocket is wrapped: the same probe runs in Chromium with the
// built extension and in a baseline Chromium without it, and everything it observes must be equal.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { CHROMIUM_PATH, launchWithExtension, type ExtensionBrowser } from './chromium';
import { startTestServer, type TestServer } from './servers';
import { observe } from './hook-probe';

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
