// Intercept, rules and mocks in Chromium against real `ws` servers: what the server received, what the
// page's listeners heard, and how the extension stored and marked it.
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './db';
import { tabIdOf } from './chromium';
import { connectionTo, latestSession, messagesOf, openInspectedPage, receivedOn, setUpWorld, socketPage } from '../fixtures/har/e2e-setup';
import type { Rule } from '../../src/shared/intercept';
import { startSocketIoServer } from '../protocols/servers/socket.io';

const world = setUpWorld();
const socketIoClient = readFileSync(join(import.meta.dirname, '../../node_modules/socket.io-client/dist/socket.io.min.js'), 'utf8');

type Heard = { onmessage: string[]; listenerA: string[]; listenerB: string[] };
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard }).heard);
const send = (page: Page, path: string, ...messages: string[]) =>
  page.evaluate(
    ({ path, messages }) => messages.forEach((message) => (window as unknown as { sockets: Record<string, WebSocket> }).sockets[path]!.send(message)),
    { path, messages },
  );
const serverGot = (path: string, count: number) =>
  waitFor(
    async () => receivedOn(world.server, path),
    (got) => got.length >= count,
  );
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

/** Stores `rules` the way the panel does: a panel request to the background, which checks and stores them. */
async function setRules(rules: Partial<Rule>[]): Promise<void> {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  const reply = await page.evaluate((rules) => chrome.runtime.sendMessage({ t: 'set-rules', rules }), rules);
  expect(reply).toEqual({ ok: true });
  await page.close();
}

afterEach(async () => {
  await setRules([]);
});

async function inspect(name: string, paths: string[], onOpen = ''): Promise<{ page: Page; panel: Page; tabId: number }> {
  const { page, tabId } = await openInspectedPage(world.browser, socketPage(world.server, `/${name}.html`, paths, onOpen));
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.locator('.message-table').waitFor();
  return { page, panel, tabId };
}

async function switchOn(panel: Page, direction: 'sent' | 'received' | 'sent and received', condition?: { text: string }): Promise<void> {
  await panel.getByRole('button', { name: 'Intercept' }).click();
  const pane = panel.getByRole('region', { name: 'Intercept' });
  await pane.getByLabel('Hold which direction').selectOption({ label: direction });
  if (condition) {
    await pane.getByLabel('Hold when: kind').selectOption({ label: 'Text contains' });
    await pane.getByLabel('Hold when: text').fill(condition.text);
  }
  // The switch reaches the page through the background; the pane says when the page's hook has it.
  await pane.getByRole('status', { name: 'Switch' }).getByText('Active in this tab.').waitFor();
}

const heldItems = (panel: Page) => panel.getByRole('list', { name: 'Held messages' }).getByRole('listitem');

describe('breakpoints', () => {
  test('a held message reaches the server edited and exactly once; a dropped one never; the table says what happened', async () => {
    const { page, panel, tabId } = await inspect('hold', ['/hold']);
    await switchOn(panel, 'sent');
    await send(page, '/hold', '{"op":"buy","qty":1}');
    await heldItems(panel).first().waitFor();
    await settle();
    expect(receivedOn(world.server, '/hold')).toEqual([]); // held in the page
    const editor = panel.getByLabel('Held sent message');
    await editor.getByRole('textbox', { name: 'Message text' }).fill('{"op":"buy","qty":');
    expect(await editor.getByRole('button', { name: 'Forward' }).isDisabled()).toBe(true); // JSON checked
    await editor.getByRole('textbox', { name: 'Message text' }).fill('{"op":"buy","qty":9}');
    await editor.getByRole('button', { name: 'Forward' }).click();
    await serverGot('/hold', 1);

    await send(page, '/hold', 'cancel everything');
    await heldItems(panel).first().waitFor();
    await panel.getByLabel('Held sent message').getByRole('button', { name: 'Drop' }).click();
    await send(page, '/hold', 'after the drop');
    await heldItems(panel).first().waitFor();
    await panel.getByRole('button', { name: 'Forward all' }).click();
    await serverGot('/hold', 2);
    await settle();
    expect(receivedOn(world.server, '/hold')).toEqual(['{"op":"buy","qty":9}', 'after the drop']);

    const session = await latestSession(world.storage, tabId);
    const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/hold`);
    const sent = (await messagesOf(world.storage, connection.id, 5)).filter((m) => m.direction === 'send');
    expect(sent.map((m) => [m.payload.preview, m.mark?.steps.map((s) => s.action)])).toEqual([
      ['{"op":"buy","qty":9}', ['held', 'edited']],
      ['cancel everything', ['held', 'dropped']],
      ['after the drop', ['held']],
    ]);
    expect(sent[0]!.mark?.original?.data).toBe('{"op":"buy","qty":1}');
    await panel.locator('.message-row .mark-edited').first().waitFor();
    await panel.locator('.message-row .mark-dropped').first().waitFor();
    // Side by side in the detail pane.
    await panel
      .locator('.message-row', { has: panel.locator('.mark-edited') })
      .first()
      .click();
    expect(await panel.getByLabel('Original payload').textContent()).toBe('{"op":"buy","qty":1}');
    expect(await panel.getByLabel('Resulting payload').textContent()).toBe('{"op":"buy","qty":9}');
  });

  test('a burst keeps its order both ways behind a held message', async () => {
    const { page, panel } = await inspect('burst-hold', ['/burst-send']);
    await switchOn(panel, 'sent and received', { text: 'first' });
    await send(page, '/burst-send', 'first', ...Array.from({ length: 30 }, (_, i) => `m${i}`));
    await heldItems(panel).first().waitFor();
    await settle();
    expect(receivedOn(world.server, '/burst-send')).toEqual([]); // everything waits behind the held one
    await panel.getByLabel('Held sent message').getByRole('button', { name: 'Forward' }).click();
    const expected = ['first', ...Array.from({ length: 30 }, (_, i) => `m${i}`)];
    expect(await serverGot('/burst-send', 31)).toEqual(expected);
    // The echoes: the first is held on its way in, the rest wait behind it, then all arrive in order.
    await heldItems(panel).first().waitFor();
    expect((await heard(page)).onmessage).toEqual([]);
    await panel.getByLabel('Held received message').getByRole('button', { name: 'Forward' }).click();
    await waitFor(
      () => heard(page),
      (h) => h.listenerB.length === 31,
    );
    expect(await heard(page)).toEqual({ onmessage: expected, listenerA: expected, listenerB: expected });
  });

  test('closing the panel releases what it held', async () => {
    const { page, panel } = await inspect('panel-close', ['/panel-close']);
    await switchOn(panel, 'sent');
    await send(page, '/panel-close', 'held then released', 'queued behind it');
    await heldItems(panel).first().waitFor();
    await settle();
    expect(receivedOn(world.server, '/panel-close')).toEqual([]);
    await panel.close();
    expect(await serverGot('/panel-close', 2)).toEqual(['held then released', 'queued behind it']);
    // Intercept is off for the page now: new messages go straight through.
    await send(page, '/panel-close', 'later');
    expect(await serverGot('/panel-close', 3)).toEqual(['held then released', 'queued behind it', 'later']);
  });

  test('a switch nobody renews lapses in the page: what it held goes on', async () => {
    const { page, tabId } = await openInspectedPage(world.browser, socketPage(world.server, '/lapse.html', ['/lapse']));
    // An extension page turns Intercept on once and then goes quiet with its port still open, as a
    // panel whose extension was reloaded would: no renewal, and no disconnect to release on.
    const quiet = await world.browser.openExtensionPage('src/panel/history.html');
    await quiet.evaluate((tabId) => {
      const port = chrome.runtime.connect({ name: 'wsi-panel' });
      (window as unknown as { keep: chrome.runtime.Port }).keep = port;
      port.postMessage({ t: 'intercept', tabId, breakpoints: [{ direction: 'send', url: '', condition: { kind: 'any' } }], revision: 1 });
    }, tabId);
    await settle();
    await send(page, '/lapse', 'held until the lease lapses');
    await settle();
    expect(receivedOn(world.server, '/lapse')).toEqual([]);
    expect(await serverGot('/lapse', 1)).toEqual(['held until the lease lapses']);
    await send(page, '/lapse', 'not held any more');
    expect(await serverGot('/lapse', 2)).toEqual(['held until the lease lapses', 'not held any more']);
    await quiet.close();
  });

  test('the pane says whether the switch reached the page: not on a tab nothing captures', async () => {
    // An extension page in a tab: no content script runs there, so nothing can hold its messages.
    const uncaptured = await world.browser.openExtensionPage('src/panel/history.html');
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${await tabIdOf(world.browser, uncaptured)}`);
    await panel.getByRole('button', { name: 'Intercept' }).click();
    const pane = panel.getByRole('region', { name: 'Intercept' });
    await pane.getByRole('status', { name: 'Switch' }).getByText('Not active: nothing captures this tab', { exact: false }).waitFor();
    await uncaptured.close();
  });
});

/**
 * Rules that fit no socket of the tests but take the relay a while to read from storage and the hook to
 * take in (about 2 MB): long enough that a page sending on open would get its first message past the
 * rules on most loads if the hook did not wait for them (tried: 7 of 9 loads slipped without the wait).
 */
const slowToRead: Partial<Rule>[] = Array.from({ length: 190 }, (_, index) => ({
  name: `filler ${index}`,
  url: 'ws://no-such-host.invalid/*',
  condition: { kind: 'text', text: 'x'.repeat(9_990) },
  action: { kind: 'drop' },
}));

describe('rules', () => {
  test("a rule applies to the page's first message on every load, however slow the rules are to read, and rules act in order", async () => {
    await setRules([
      { name: 'qty', direction: 'send', condition: { kind: 'json', path: 'op', value: 'buy' }, action: { kind: 'set-json', path: 'qty', value: '100' } },
      { name: 'secret', direction: 'send', action: { kind: 'remove-json', path: 'token' } },
      { name: 'twice', direction: 'send', condition: { kind: 'text', text: 'ping' }, action: { kind: 'duplicate', copies: 1 } },
      { name: 'shout', direction: 'receive', action: { kind: 'replace', find: '(\\w+)@(\\w+)', regex: true, flags: '', replacement: '$2 at $1' } },
      { name: 'never', direction: 'send', condition: { kind: 'text', text: 'drop me' }, action: { kind: 'drop' } },
      ...slowToRead,
    ]);
    // The socket sends the moment it opens, as the page loads; the page is loaded, then reloaded 4 times.
    const { page, tabId } = await openInspectedPage(
      world.browser,
      socketPage(world.server, '/first-message.html', ['/first-message'], `window.sockets['/first-message'].send('{"op":"buy","qty":1,"token":"t0k"}')`),
    );
    const loads = 5;
    for (let load = 2; load <= loads; load++) {
      await serverGot('/first-message', load - 1);
      await page.reload();
    }
    await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
    await serverGot('/first-message', loads);
    await send(page, '/first-message', 'ping', 'drop me', 'ann@home');
    await serverGot('/first-message', loads + 3);
    await settle();
    const firstMessages = Array.from({ length: loads }, () => '{"op":"buy","qty":100}');
    expect(receivedOn(world.server, '/first-message')).toEqual([...firstMessages, 'ping', 'ping', 'ann@home']);
    await waitFor(
      () => heard(page),
      (h) => h.listenerB.length === 4,
    );
    expect((await heard(page)).onmessage).toEqual(['{"op":"buy","qty":100}', 'ping', 'ping', 'home at ann']);

    const session = await latestSession(world.storage, tabId);
    const connection = await connectionTo(world.storage, session.id, `${world.server.wsUrl}/first-message`);
    const stored = await messagesOf(world.storage, connection.id, 9);
    const marked = stored.filter((m) => m.mark).map((m) => [m.direction, m.payload.preview, m.mark!.steps.map((s) => `${s.action}:${s.by}`).join(' ')]);
    expect(marked).toEqual([
      ['send', '{"op":"buy","qty":100}', 'modified:qty modified:secret'],
      ['send', 'ping', 'duplicated:twice'],
      ['send', 'ping', 'duplicated:twice'],
      ['send', 'drop me', 'dropped:never'],
      ['receive', 'home at ann', 'modified:shout'],
    ]);
  });

  test('a rule on a Socket.IO event, made in the panel, edits only those messages (socket.io-client against the socket.io server)', async () => {
    const socketIo = await startSocketIoServer();
    const serverHeard: string[] = [];
    socketIo.io.on('connection', (socket) => socket.onAny((event: string, ...args: unknown[]) => serverHeard.push(`${event}: ${args.join(' ')}`)));
    try {
      const { panel } = await inspect('socket-io-rule', ['/socket-io-rule']);
      await panel.getByRole('button', { name: 'Rules' }).click();
      const dialog = panel.getByRole('dialog', { name: 'Rules' });
      await dialog.getByRole('button', { name: 'Add rule' }).click();
      await dialog.getByLabel('Name').fill('loud chat');
      await dialog.getByLabel('When: kind').selectOption({ label: 'Protocol field' });
      await dialog.getByLabel('When: protocol', { exact: true }).selectOption({ label: 'Socket.IO' });
      await dialog.getByLabel('When: protocol field').selectOption('event');
      await dialog.getByLabel('When: field value').fill('chat message');
      await dialog.getByLabel('Find').fill('hello');
      await dialog.getByLabel('Replace with').fill('HELLO');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.getByText('Messages sent where socket.io event is chat message: replace "hello" with "HELLO"').waitFor();
      await waitFor(
        () => panel.evaluate(() => chrome.storage.local.get('interceptRules')),
        (stored) => (stored.interceptRules as Rule[] | undefined)?.some((rule) => rule.name === 'loud chat') === true,
      );

      world.server.route('/socket.io.min.js', (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(socketIoClient));
      const chat = await world.browser.context.newPage();
      await chat.goto(
        world.server.page(
          '/socket-io-chat.html',
          `<!doctype html><script src="/socket.io.min.js"></script><script>
            window.heard = [];
            const socket = io(${JSON.stringify(socketIo.httpUrl)}, { transports: ['websocket'] });
            socket.on('chat message', (text) => window.heard.push(text));
            socket.on('connect', () => {
              socket.emit('chat message', 'hello there');
              socket.emit('news', 'hello world');
              socket.emit('chat message', 'say hello twice: hello');
            });
          </script>`,
        ),
      );
      await waitFor(
        async () => serverHeard.length,
        (count) => count >= 3,
      );
      expect(serverHeard).toEqual(['chat message: HELLO there', 'news: hello world', 'chat message: say HELLO twice: HELLO']);
      // The server's echo of the chat comes back as it was sent (the rule is for sent messages only).
      await waitFor(
        () => chat.evaluate(() => (window as unknown as { heard: string[] }).heard),
        (heard) => heard.length >= 2,
      );
      expect(await chat.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual(['HELLO there', 'say HELLO twice: HELLO']);
      await chat.close();
    } finally {
      await socketIo.close();
    }
  });

  test('a pathological regular expression does not hang the page', async () => {
    await setRules([{ name: 'evil', direction: 'send', condition: { kind: 'regex', pattern: '(a+)+$', flags: '' }, action: { kind: 'drop' } }]);
    const { page } = await openInspectedPage(world.browser, socketPage(world.server, '/evil.html', ['/evil']));
    const text = 'a'.repeat(5000) + '!';
    await send(page, '/evil', text, 'aaaa');
    // The page answers again (a hang would never get here), the long message went on, the short one matched.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    expect(await serverGot('/evil', 1)).toEqual([text]);
    await settle();
    expect(receivedOn(world.server, '/evil')).toEqual([text]);
  });

  test('the rule list is edited in the panel, exported and imported', async () => {
    const { panel } = await inspect('rules-ui', ['/rules-ui']);
    await panel.getByRole('button', { name: 'Rules' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Rules' });
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.getByLabel('Name').fill('greeting');
    await dialog.getByLabel('When: text').fill('hello');
    await dialog.getByLabel('Find').fill('hello');
    await dialog.getByLabel('Replace with').fill('bonjour');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.getByText('Messages sent where text contains "hello": replace "hello" with "bonjour"').waitFor();
    const [download] = await Promise.all([panel.waitForEvent('download'), dialog.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
    expect(exported.rules).toHaveLength(1);
    expect(exported.rules[0]).toMatchObject({ name: 'greeting', action: { kind: 'replace', find: 'hello', replacement: 'bonjour' } });

    await dialog
      .getByLabel('Import rules from a JSON file')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"rules":[{"action":{"kind":"nope"}}]}') });
    await dialog.getByText('bad.json: Rule 1: unknown action "nope"').waitFor();
    const imported = { rules: [{ ...exported.rules[0], name: 'imported', action: { ...exported.rules[0].action, replacement: 'hola' } }] };
    await dialog
      .getByLabel('Import rules from a JSON file')
      .setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(imported)) });
    await dialog.getByText('Imported 1 rules from rules.json').waitFor();
    // Stored where every page's relay reads them: a new page gets the imported rule.
    const { page } = await openInspectedPage(world.browser, socketPage(world.server, '/rules-ui-after.html', ['/rules-ui-after']));
    await send(page, '/rules-ui-after', 'hello world');
    expect(await serverGot('/rules-ui-after', 1)).toEqual(['hola world']);
  });
});

describe('mocks', () => {
  // The page makes the socket in its first script, before the relay can have read the rules from
  // storage: without the hook's wait for them the socket would try the missing server and fail.
  test('a mocked socket with no server serves the page: open, greeting, replies built from the request', async () => {
    await setRules([
      { name: 'no server yet', url: 'ws://127.0.0.1:1/api*', action: { kind: 'serve', protocol: '', greeting: '{"hello":"from the mock"}' } },
      {
        name: 'quote',
        direction: 'send',
        url: 'ws://127.0.0.1:1/api*',
        condition: { kind: 'regex', pattern: '"symbol":"(?<sym>\\w+)"', flags: '' },
        action: { kind: 'mock', template: '{"id":{{id}},"symbol":"{{$<sym>}}","price":42}', delayMs: 50, suppress: true },
      },
    ]);
    const html = `<!doctype html><meta charset="utf-8"><title>mock</title><script>
      window.log = [];
      const ws = new WebSocket('ws://127.0.0.1:1/api');
      window.ws = ws;
      ws.onopen = () => { window.log.push('open ' + ws.readyState + ' ' + (ws instanceof WebSocket)); ws.send(JSON.stringify({ id: 7, symbol: 'ACME' })); };
      ws.onerror = () => window.log.push('error');
      ws.onclose = (event) => window.log.push('close ' + event.code);
      ws.addEventListener('message', (event) => window.log.push(event.data));
    </script>`;
    const page = await world.browser.context.newPage();
    await page.goto(world.server.page('/mock.html', html));
    const log = () => page.evaluate(() => (window as unknown as { log: string[] }).log);
    await waitFor(log, (entries) => entries.length >= 3);
    expect(await log()).toEqual(['open 1 true', '{"hello":"from the mock"}', '{"id":7,"symbol":"ACME","price":42}']);
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.close(1000));
    await waitFor(log, (entries) => entries.length >= 4);
    expect((await log())[3]).toBe('close 1000');
    expect(await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.readyState)).toBe(3);
  });
});

describe('safety', () => {
  test('forged page events cannot add, trigger or read rules and breakpoints', async () => {
    await setRules([
      {
        name: 'secret rule',
        direction: 'send',
        condition: { kind: 'text', text: 'SECRET-NEEDLE' },
        action: { kind: 'replace', find: 'SECRET-NEEDLE', regex: false, flags: '', replacement: 'SECRET-REPLACEMENT' },
      },
    ]);
    // '/silent' does not echo: the page would rightly see the changed message come back.
    const { page, panel } = await inspect('forge-rules', ['/silent']);
    const seen = await page.evaluate(async () => {
      // Watch everything the page can watch: built-ins rules might use, and setters on prototypes.
      // (A string, not an array: an index setter on Array.prototype would catch our own pushes.)
      let seen = '';
      const stringify = JSON.stringify;
      const note = (value: unknown) => {
        try {
          seen += '\n' + (typeof value === 'string' ? value : stringify(value));
        } catch {
          seen += '\n(unserializable)';
        }
      };
      const wrap = (target: object, name: string) => {
        const original = (target as Record<string, (...args: unknown[]) => unknown>)[name]!;
        (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
          note(this);
          for (let index = 0; index < args.length; index++) note(args[index]);
          return Reflect.apply(original, this, args);
        };
      };
      for (const name of ['includes', 'indexOf', 'slice', 'replace', 'toLowerCase', 'charCodeAt']) wrap(String.prototype, name);
      wrap(RegExp.prototype, 'exec');
      wrap(JSON, 'parse');
      wrap(JSON, 'stringify');
      const watched = ['rules', 'steps', 'original', 'by', 'action', 'find', 'text', 'condition', '0', '1'];
      for (const name of watched) {
        Object.defineProperty(Object.prototype, name, { set: note, get: () => undefined, configurable: true });
        Object.defineProperty(Array.prototype, name, { set: note, get: () => undefined, configurable: true });
      }
      // Forged intercept commands on guessed names, and as window messages.
      const commands = [
        { t: 'intercept-rules', rules: [{ name: 'forged', action: { kind: 'drop' } }] },
        { t: 'intercept-breakpoints', breakpoints: [{ direction: 'both', url: '', condition: { kind: 'any' } }], leaseMs: 60000 },
        { t: 'intercept-await' },
        { t: 'set-rules', rules: [] },
      ];
      for (const name of ['websocket-inspector:down', 'websocket-inspector:hello', 'websocket-inspector:offer', 'websocket-inspector:intercept']) {
        for (const command of commands) {
          dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(command) }));
          dispatchEvent(new CustomEvent(name, { detail: command }));
        }
      }
      for (const command of commands) postMessage(command, '*');
      const ws = (window as unknown as { sockets: Record<string, WebSocket> }).sockets['/silent']!;
      ws.send('carry SECRET-NEEDLE please');
      ws.send('not held, not dropped');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const name of watched) {
        delete (Object.prototype as Record<string, unknown>)[name];
        delete (Array.prototype as unknown as Record<string, unknown>)[name];
      }
      return seen;
    });
    expect(await serverGot('/silent', 2)).toEqual(['carry SECRET-REPLACEMENT please', 'not held, not dropped']);
    // The page saw its own message go out, never the rule's contents or what the rule made of it.
    expect(seen).toContain('"intercept-rules"'); // the watch works: it saw the page's own JSON.stringify calls
    expect(seen).not.toContain('SECRET-REPLACEMENT');
    expect(seen).not.toMatch(/secret rule|"steps"|"original"/);
    // Nothing is held, and the stored rules are the panel's.
    expect(await panel.getByRole('button', { name: 'Intercept' }).textContent()).toBe('Intercept');
    const history = await world.browser.openExtensionPage('src/panel/history.html');
    const stored = await history.evaluate(() => chrome.storage.local.get('interceptRules'));
    expect((stored.interceptRules as Rule[]).map((rule) => rule.name)).toEqual(['secret rule']);
    await history.close();
  });
});
