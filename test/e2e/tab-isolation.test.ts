// One tab cannot reach what was captured on another: a page that sniffs every channel its world offers
// hears nothing of another tab's traffic or of the panel's commands to it. (That a content script's
// world is refused panel requests is tested in pipeline.test.ts.)
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { openInspectedPage, receivedOn, selectRow, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';

const world = setUpWorld();

/**
 * Wraps everything a page script can use to overhear its own world — event dispatch and listeners of
 * every kind, CustomEvent, JSON, postMessage — and keeps every string that passes through them.
 */
const SNIFFER = `
  window.overheard = [];
  const keep = (value) => { try { window.overheard.push(typeof value === 'string' ? value : JSON.stringify(value)); } catch {} };
  const listen = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const spy = function (event) { keep(type); keep(event.detail); keep(event.data); return typeof listener === 'function' ? listener.call(this, event) : listener?.handleEvent(event); };
    return listen.call(this, type, spy, options);
  };
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) { keep(event.type); keep(event.detail); return dispatch.call(this, event); };
  window.CustomEvent = new Proxy(CustomEvent, { construct(target, args) { keep(args[0]); keep(args[1]?.detail); return Reflect.construct(target, args); } });
  const parse = JSON.parse, stringify = JSON.stringify;
  JSON.parse = (text, ...rest) => { keep(text); return parse(text, ...rest); };
  JSON.stringify = (value, ...rest) => { const text = stringify(value, ...rest); window.overheard.push(text); return text; };
  const post = window.postMessage;
  window.postMessage = function (...args) { keep(args[0]); return post.apply(this, args); };
  listen.call(window, 'message', (event) => keep(event.data));
`;

async function openSnifferTab(): Promise<Page> {
  const url = world.server.page(
    '/sniffer.html',
    `<!doctype html><title>sniffer</title><script>${SNIFFER}
    const own = new WebSocket(${JSON.stringify(world.server.wsUrl)} + '/sniffer-own');
    own.onopen = () => own.send('sniffer tab traffic');
  </script>`,
  );
  const page = await world.browser.context.newPage();
  await page.goto(url);
  return page;
}

const overheard = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { overheard: string[] }).overheard);

test("a page in another tab overhears nothing of a tab's capture or of the panel's commands to it", async () => {
  const sniffer = await openSnifferTab();
  // The sniffer works: its own page-level events pass through it.
  await sniffer.evaluate(() => dispatchEvent(new CustomEvent('control', { detail: 'SNIFFER-CONTROL' })));
  expect((await overheard(sniffer)).some((text) => text.includes('SNIFFER-CONTROL'))).toBe(true);

  const { tabId } = await openInspectedPage(
    world.browser,
    socketPage(world.server, '/victim.html', ['/victim'], `window.sockets['/victim'].send('SECRET-victim-order')`),
  );
  await waitFor(
    async () => receivedOn(world.server, '/victim'),
    (got) => got.length === 1,
  );
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await selectRow(panel, 'SECRET-victim-order');
  await panel.getByRole('button', { name: '↻ Resend' }).click();
  await panel.getByText('Resent.').waitFor();
  await selectRow(panel, 'SECRET-victim-order', 1);
  await panel.getByRole('button', { name: '⇣ Inject' }).click();
  const dialog = panel.getByRole('dialog', { name: 'Inject a server message' });
  await dialog.getByRole('textbox', { name: 'Message text' }).fill('SECRET-injected');
  await dialog.getByRole('button', { name: 'Inject' }).click();
  await dialog.getByText('Delivered to the page as a server message.').waitFor();
  await waitFor(
    async () => receivedOn(world.server, '/victim'),
    (got) => got.length === 2,
  );

  const sniffed = await overheard(sniffer);
  expect(sniffed.filter((text) => text.includes('SECRET'))).toEqual([]);
  expect(sniffed.filter((text) => text.includes('/victim'))).toEqual([]);
});
