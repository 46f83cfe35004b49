// A page cannot tell, in normal use, that WebSocket is wrapped: the same probe runs in Chromium with the
// built extension and in a baseline Chromium without it, and everything it observes must be equal.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpWithAndWithout } from './with-and-without';
import { observe } from './hook-probe';
import { inPage, inWorker } from './worker-probe';

const pair = setUpWithAndWithout('/probe.html', 'probe');

async function probe(page: Page): Promise<Record<string, unknown>> {
  await page.goto(pair.probeUrl);
  return page.evaluate(observe, pair.server.wsUrl);
}

/**
 * Whether the hook runs in frame `name` of `page` ('' for the top frame), seen the way only DevTools
 * can: its listener for the secret ':down' channel on that frame's window, read in the frame's own
 * main-world context (the protocol lists no listeners for another frame's window).
 */
async function hookListensIn(page: Page, name = ''): Promise<boolean> {
  // Out-of-process (cross-site) frames have a session of their own; the rest share the page's.
  const frame = name ? page.frame({ name })! : null;
  const session = await page
    .context()
    .newCDPSession(frame ?? page)
    .catch(() => page.context().newCDPSession(page));
  try {
    const { frameTree } = await session.send('Page.getFrameTree');
    type Tree = typeof frameTree;
    const find = (tree: Tree): Tree['frame'] | undefined => ((tree.frame.name ?? '') === name ? tree.frame : (tree.childFrames ?? []).map(find).find(Boolean));
    const frameId = find(frameTree)!.id;
    const contexts: { id: number; auxData?: { frameId?: string; isDefault?: boolean } }[] = [];
    session.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await session.send('Runtime.enable');
    const context = contexts.find((c) => c.auxData?.frameId === frameId && c.auxData.isDefault)!;
    const { result } = await session.send('Runtime.evaluate', { expression: 'window', contextId: context.id });
    const { listeners } = await session.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
    return listeners.some((listener) => /^websocket-inspector:[0-9a-f-]{36}:down$/.test(listener.type));
  } finally {
    await session.detach();
  }
}

test('a page observes the same WebSocket with and without the hook', async () => {
  const hooked = await pair.withExtension.context.newPage();
  const plain = await pair.baseline.newPage();
  const [observedHooked, observedPlain] = await Promise.all([probe(hooked), probe(plain)]);
  expect(await hookListensIn(hooked)).toBe(true);
  expect(await hookListensIn(plain)).toBe(false);
  const port = new URL(pair.server.wsUrl).port;
  expect(JSON.stringify(observedHooked)).toContain(port);
  expect(observedHooked).toEqual(observedPlain);
  // The baseline itself is what a page expects of a native WebSocket.
  expect(observedPlain.instance).toEqual([true, true, true, true, '[object WebSocket]', true, true, true]);
  expect(observedPlain.deliveries).toEqual([
    `onmessage [object String] ${pair.server.wsUrl} true`,
    'listener [object String]',
    'once string',
    `onmessage [object ArrayBuffer] ${pair.server.wsUrl} true`,
    'listener [object ArrayBuffer]',
    `onmessage [object Blob] ${pair.server.wsUrl} true`,
    'listener [object Blob]',
  ]);
  expect((observedPlain.webSocketClass as unknown[])[3]).toBe('function WebSocket() { [native code] }');
  await hooked.close();
  await plain.close();
});

test('a worker, and the page that starts it, observe the same with and without the hook', async () => {
  pair.server.route('/probe/worker.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(`(${inWorker.toString()})();`));
  const observeIn = async (page: Page) => {
    await page.goto(pair.probeUrl);
    return page.evaluate(inPage, 'probe/worker.js');
  };
  const hooked = await pair.withExtension.context.newPage();
  const plain = await pair.baseline.newPage();
  const [observedHooked, observedPlain] = await Promise.all([observeIn(hooked), observeIn(plain)]);
  expect(observedHooked).toEqual(observedPlain);
  expect((observedPlain.fromWorker as { href: string }).href).toBe(`${pair.server.httpUrl}/probe/worker.js`);
  await hooked.close();
  await plain.close();
});

test('the extension puts the hook in every frame: srcdoc, script-made about:blank, cross-origin', async () => {
  const crossOrigin = pair.server.httpUrl.replace('127.0.0.1', 'localhost');
  pair.server.page('/child.html', '<!doctype html><body>child</body>');
  const url = pair.server.page(
    '/frames.html',
    `<!doctype html><body><iframe name="srcdoc" srcdoc="<p>srcdoc</p>"></iframe><iframe name="cross" src="${crossOrigin}/child.html"></iframe></body>`,
  );
  const page = await pair.withExtension.context.newPage();
  await page.goto(url);
  // A fresh about:blank iframe, looked at from the parent right after insertion.
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.name = 'blank';
    document.body.append(frame);
  });
  await page.frame({ name: 'cross' })!.waitForLoadState();
  expect(page.frame({ name: 'cross' })!.url()).toContain('localhost');
  for (const name of ['', 'blank', 'srcdoc', 'cross']) expect(await hookListensIn(page, name), name || 'top').toBe(true);
  await page.close();
});
