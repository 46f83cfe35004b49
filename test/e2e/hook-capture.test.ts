// What the built page hook records, observed through the real content-side channel code
// (see hook-standin.ts), in a real Chromium against real ws servers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './servers';
import { capturedEvents, launchHookRig, messagesOf, sendCommand, waitForEvents, type HookRig } from './hook-standin';
import type { PageToContent } from '../../src/shared/messages';

let rig: HookRig;
let server: TestServer;
let context: BrowserContext;

beforeAll(async () => {
  [rig, server] = await Promise.all([launchHookRig(), startTestServer()]);
  context = await rig.newContext();
  server.page('/blank.html', '<!doctype html><title>blank</title><body></body>');
});
afterAll(async () => {
  await rig?.close();
  await server?.close();
});

async function freshPage(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.httpUrl}/blank.html`);
  return page;
}

/**
 * In a fresh page, opens a socket to `path` and once it is open runs `send(ws)` there. `send` is
 * serialized into the page, so it may use only its argument. `before` runs first (e.g. a config command).
 */
async function pageSending(
  path: string,
  send: (ws: WebSocket) => unknown,
  { binaryType = 'blob', before }: { binaryType?: BinaryType; before?: (page: Page) => Promise<unknown> } = {},
): Promise<Page> {
  const page = await freshPage();
  await before?.(page);
  await page.evaluate(`(async () => {
    const ws = new WebSocket(${JSON.stringify(server.wsUrl + path)});
    ws.binaryType = ${JSON.stringify(binaryType)};
    await new Promise((done) => (ws.onopen = done));
    await (${send.toString()})(ws);
  })()`);
  return page;
}

type Created = Extract<PageToContent, { t: 'created' }>;
type Message = Extract<PageToContent, { t: 'message' }>;
const createdOf = (events: PageToContent[]) => events.filter((e): e is Created => e.t === 'created');
const base64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('lifecycle', () => {
  test('created, open with negotiated protocol and permessage-deflate, messages, client close', async () => {
    const page = await freshPage();
    await page.evaluate(async (wsUrl) => {
      const ws = new WebSocket(`${wsUrl}/echo`, ['chat', 'superchat']);
      await new Promise((done) => (ws.onopen = done));
      ws.send('héllo');
      await new Promise((done) => (ws.onmessage = done));
      ws.close(4001, 'bye');
      await new Promise((done) => (ws.onclose = done));
    }, server.wsUrl);
    const events = await waitForEvents(page, (list) => list.some((e) => e.t === 'close'));
    expect(events.map((e) => e.t)).toEqual(['created', 'open', 'message', 'message', 'close']);
    const [created, open, sent, received, close] = events as [
      Created,
      Extract<PageToContent, { t: 'open' }>,
      Message,
      Message,
      Extract<PageToContent, { t: 'close' }>,
    ];
    expect(created).toMatchObject({ url: `${server.wsUrl}/echo`, protocols: ['chat', 'superchat'], origin: 'page' });
    expect(open).toMatchObject({ protocol: 'chat' });
    expect(open.extensions).toContain('permessage-deflate');
    expect(sent).toMatchObject({ dir: 'send', seq: 1, origin: 'page', payload: { kind: 'text', source: 'string', size: 6, data: 'héllo', truncated: false } });
    expect(received).toMatchObject({ dir: 'receive', seq: 2, payload: { data: 'héllo', size: 6 } });
    expect(close.close).toEqual({ code: 4001, reason: 'bye', wasClean: true, initiator: 'client' });
    for (const event of events) expect(event.t === 'command-result' || ('conn' in event && event.conn === created.conn)).toBe(true);
    expect(created.conn).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });
});

/** Sends every payload type on one socket with `binaryType`, waits for each echo, returns what was sent. */
async function sendEveryKind(page: Page, binaryType: BinaryType) {
  return page.evaluate(
    async ({ wsUrl, binaryType }) => {
      const ws = new WebSocket(`${wsUrl}/echo`);
      ws.binaryType = binaryType;
      await new Promise((done) => (ws.onopen = done));
      const buffer = new ArrayBuffer(24);
      const bytes = new Uint8Array(buffer);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 0xff;
      const g = globalThis as unknown as Record<string, new (b: ArrayBuffer, o: number, l: number) => ArrayBufferView>;
      const views: [string, ArrayBufferView | ArrayBuffer | Blob | string][] = [
        ['string', 'plain text ✓ 😀'],
        ['ArrayBuffer', buffer],
        ['Int8Array', new Int8Array(buffer, 3, 5)],
        ['Uint8Array', new Uint8Array(buffer, 1, 7)],
        ['Uint8ClampedArray', new Uint8ClampedArray(buffer, 0, 4)],
        ['Int16Array', new Int16Array(buffer, 2, 3)],
        ['Uint16Array', new Uint16Array(buffer, 4, 2)],
        ['Int32Array', new Int32Array(buffer, 4, 2)],
        ['Uint32Array', new Uint32Array(buffer, 8, 3)],
        ['Float16Array', new g.Float16Array!(buffer, 2, 5)],
        ['Float32Array', new Float32Array(buffer, 4, 4)],
        ['Float64Array', new Float64Array(buffer, 8, 2)],
        ['BigInt64Array', new BigInt64Array(buffer, 0, 2)],
        ['BigUint64Array', new BigUint64Array(buffer, 8, 1)],
        ['DataView', new DataView(buffer, 3, 9)],
        ['Blob', new Blob([bytes.slice(5, 17)])],
      ];
      const expected: { source: string; bytes: number[]; text?: string }[] = [];
      let echoes = 0;
      ws.onmessage = () => echoes++;
      for (const [source, value] of views) {
        let sentBytes: number[];
        if (typeof value === 'string') sentBytes = [...new TextEncoder().encode(value)];
        else if (value instanceof Blob) sentBytes = [...new Uint8Array(await value.arrayBuffer())];
        else if (value instanceof ArrayBuffer) sentBytes = [...new Uint8Array(value)];
        else sentBytes = [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
        ws.send(value);
        expected.push({ source, bytes: sentBytes, ...(typeof value === 'string' ? { text: value } : {}) });
      }
      // Mutating right after send() must not change what was captured for that send.
      const late = new Uint8Array([1, 2, 3]);
      ws.send(late);
      late.fill(9);
      expected.push({ source: 'Uint8Array', bytes: [1, 2, 3] });
      while (echoes < expected.length) await new Promise((done) => setTimeout(done, 10));
      return expected;
    },
    { wsUrl: server.wsUrl, binaryType },
  );
}

describe('payloads', () => {
  for (const binaryType of ['arraybuffer', 'blob'] as const) {
    test(`every payload kind, both directions, exact sizes and bytes (binaryType ${binaryType})`, async () => {
      const page = await freshPage();
      const expected = await sendEveryKind(page, binaryType);
      const events = await waitForEvents(page, (list) => messagesOf(list).length === expected.length * 2);
      const messages = messagesOf(events);
      expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
      const sent = messages.filter((m) => m.dir === 'send');
      const received = messages.filter((m) => m.dir === 'receive');
      expect(sent.map((m) => m.payload.source)).toEqual(expected.map((e) => e.source));
      sent.forEach((message, index) => {
        const { bytes, text } = expected[index]!;
        expect(message.payload.size).toBe(bytes.length);
        expect(message.payload.truncated).toBe(false);
        expect(message.payload.data).toBe(text ?? base64(bytes));
      });
      received.forEach((message, index) => {
        const { bytes, text } = expected[index]!;
        expect(message.payload.source).toBe(text !== undefined ? 'string' : binaryType === 'blob' ? 'Blob' : 'ArrayBuffer');
        expect(message.payload.size).toBe(bytes.length);
        expect(message.payload.data).toBe(text ?? base64(bytes));
      });
      await page.close();
    });
  }

  test('text size is UTF-8 bytes; lone surrogates are recorded as sent (U+FFFD)', async () => {
    const page = await pageSending('/silent', (ws) => {
      ws.send('a\uD800');
      ws.send('');
      ws.send(12345 as unknown as string);
    });
    const messages = messagesOf(await waitForEvents(page, (list) => messagesOf(list).length === 3));
    expect(messages.map((m) => [m.payload.data, m.payload.size])).toEqual([
      ['a\uFFFD', 4],
      ['', 0],
      ['12345', 5],
    ]);
    await page.close();
  });

  test('a Blob sent before text keeps its place in the record (seq and emit order)', async () => {
    const page = await pageSending('/echo', (ws) => {
      ws.send(new Blob([new Uint8Array(3 * 1024 * 1024).fill(7)]));
      ws.send('after the blob');
      ws.send(new Blob(['x']));
      ws.send('last');
    });
    const messages = messagesOf(await waitForEvents(page, (list) => messagesOf(list).length === 8));
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(messages.map((m) => `${m.dir}:${m.payload.source}:${m.payload.size}`)).toEqual([
      `send:Blob:${3 * 1024 * 1024}`,
      'send:string:14',
      'send:Blob:1',
      'send:string:4',
      `receive:Blob:${3 * 1024 * 1024}`,
      'receive:string:14',
      'receive:Blob:1',
      'receive:string:4',
    ]);
    await page.close();
  });

  test('payloads above the configured cap are cut, keep their full size and say truncated', async () => {
    const lowerCap = (page: Page) => sendCommand(page, { t: 'config', maxPayloadBytes: 10 });
    const page = await pageSending(
      '/silent',
      (ws) => {
        ws.send('x'.repeat(25));
        ws.send('é'.repeat(10));
        ws.send(new Uint8Array(25).map((_, i) => i));
        ws.send(new Blob([new Uint8Array(25).map((_, i) => i)]));
        ws.send('0123456789');
      },
      { before: lowerCap },
    );
    const messages = messagesOf(await waitForEvents(page, (list) => messagesOf(list).length === 5));
    const first10 = base64([...Array(10).keys()]);
    expect(messages.map((m) => m.payload)).toEqual([
      { kind: 'text', source: 'string', size: 25, data: 'x'.repeat(10), truncated: true },
      { kind: 'text', source: 'string', size: 20, data: 'é'.repeat(5), truncated: true },
      { kind: 'binary', source: 'Uint8Array', size: 25, data: first10, truncated: true },
      { kind: 'binary', source: 'Blob', size: 25, data: first10, truncated: true },
      { kind: 'text', source: 'string', size: 10, data: '0123456789', truncated: false },
    ]);
    await page.close();
  });

  test('the default cap is 10 MiB', async () => {
    const page = await pageSending('/silent', (ws) => {
      ws.send(new Uint8Array(10 * 1024 * 1024));
      ws.send(new Uint8Array(10 * 1024 * 1024 + 1));
    });
    const messages = messagesOf(await waitForEvents(page, (list) => messagesOf(list).length === 2));
    expect(messages.map((m) => [m.payload.size, m.payload.truncated, m.payload.data.length])).toEqual([
      [10 * 1024 * 1024, false, 4 * Math.ceil((10 * 1024 * 1024) / 3)],
      [10 * 1024 * 1024 + 1, true, 4 * Math.ceil((10 * 1024 * 1024) / 3)],
    ]);
    await page.close();
  });
});

describe('connections', () => {
  test('protocols as a string, as an array, and none', async () => {
    const page = await freshPage();
    await page.evaluate((wsUrl) => {
      new WebSocket(`${wsUrl}/silent`, 'one');
      new WebSocket(`${wsUrl}/silent`, ['two', 'three']);
      new WebSocket(`${wsUrl}/silent`);
    }, server.wsUrl);
    const events = await waitForEvents(page, (list) => list.filter((e) => e.t === 'open').length === 3);
    expect(createdOf(events).map((e) => e.protocols)).toEqual([['one'], ['two', 'three'], []]);
    const protocols = Object.fromEntries(events.filter((e) => e.t === 'open').map((e) => [e.conn, e.protocol]));
    expect(createdOf(events).map((e) => protocols[e.conn])).toEqual(['one', 'two', '']);
    await page.close();
  });

  test('a server-initiated close records code, reason and initiator server', async () => {
    const page = await freshPage();
    await page.evaluate((wsUrl) => void new WebSocket(`${wsUrl}/close?code=4002&reason=go%20away`), server.wsUrl);
    const events = await waitForEvents(page, (list) => list.some((e) => e.t === 'close'));
    expect(events.find((e) => e.t === 'close')).toMatchObject({ close: { code: 4002, reason: 'go away', wasClean: true, initiator: 'server' } });
    expect(createdOf(events)[0]!.url).toBe(`${server.wsUrl}/close?code=4002&reason=go%20away`);
    await page.close();
  });

  test('a failed connection records error then close 1006', async () => {
    const page = await freshPage();
    await page.evaluate(() => void new WebSocket('ws://127.0.0.1:9/nothing-listens'));
    const events = await waitForEvents(page, (list) => list.some((e) => e.t === 'close'));
    expect(events.map((e) => e.t)).toEqual(['created', 'error', 'close']);
    expect(events[1]).toMatchObject({ text: 'WebSocket connection failed' });
    expect(events[2]).toMatchObject({ close: { code: 1006, wasClean: false, initiator: 'server' } });
    await page.close();
  });

  test('while traffic goes on, the hook hands events over at most once per window, none lost', async () => {
    const page = await freshPage();
    // 60 sends, each in its own task a couple of milliseconds apart: one hand-over each, before the window.
    const elapsedMs = await page.evaluate(async (wsUrl) => {
      const ws = new WebSocket(`${wsUrl}/silent`);
      await new Promise((done) => (ws.onopen = done));
      const start = performance.now();
      for (let i = 0; i < 60; i++) {
        ws.send(`tick ${i}`);
        await new Promise((done) => setTimeout(done, 2));
      }
      return performance.now() - start;
    }, server.wsUrl);
    const events = await waitForEvents(page, (list) => messagesOf(list).length === 60);
    expect(messagesOf(events).map((m) => m.payload.data)).toEqual(Array.from({ length: 60 }, (_, i) => `tick ${i}`));
    const handOvers = await page.evaluate(() => (window as unknown as { __wsi: { crossed: { handOvers: number } } }).__wsi.crossed.handOvers);
    // HAND_OVER_WINDOW_MS (src/page/hand-over-throttle.ts) is 25: the pairing and created/open events add a few.
    expect(handOvers).toBeLessThanOrEqual(4 + Math.ceil(elapsedMs / 25));
    await page.close();
  });

  test('a 10,000-message burst sent in one task is recorded complete and in order', async () => {
    const page = await pageSending('/silent', (ws) => {
      for (let i = 0; i < 10_000; i++) ws.send(`burst ${i}`);
    });
    await page.waitForFunction(() => (window as unknown as { __wsi: { events: unknown[] } }).__wsi.events.length >= 10_002, null, { timeout: 30_000 });
    const messages = messagesOf(await capturedEvents(page));
    expect(messages.length).toBe(10_000);
    expect(messages.every((m, i) => m.seq === i + 1 && m.payload.data === `burst ${i}`)).toBe(true);
    expect(messages.every((m, i) => i === 0 || m.time >= messages[i - 1]!.time)).toBe(true);
    await page.close();
  });
});

type CommandResult = Extract<PageToContent, { t: 'command-result' }>;
const resultOf = (events: PageToContent[], id: string) => events.find((e): e is CommandResult => e.t === 'command-result' && e.id === id);

/** Opens a socket in the page as window.ws, logging what page listeners see into window.seen. */
async function openLoggedSocket(page: Page, path: string, binaryType: BinaryType = 'arraybuffer'): Promise<string> {
  await page.evaluate(
    async ({ url, binaryType }) => {
      const w = window as unknown as { ws: WebSocket; seen: string[] };
      w.seen = [];
      const describe = async (event: MessageEvent) => {
        const data = event.data;
        if (typeof data === 'string') return `text:${data}`;
        const bytes = new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : data);
        return `${data instanceof Blob ? 'Blob' : 'ArrayBuffer'}:${[...bytes].join(',')}:${event.origin}`;
      };
      w.ws = new WebSocket(url);
      w.ws.binaryType = binaryType;
      w.ws.onmessage = async (event) => w.seen.push(`onmessage ${await describe(event)}`);
      w.ws.addEventListener('message', async (event) => w.seen.push(`listener ${await describe(event)}`));
      await new Promise((done) => w.ws.addEventListener('open', done));
    },
    { url: `${server.wsUrl}${path}`, binaryType },
  );
  const events = await waitForEvents(page, (list) => list.some((e) => e.t === 'open'));
  return createdOf(events).at(-1)!.conn;
}

describe('commands', () => {
  test('send: goes out on the page socket, recorded as replayed, answered ok', async () => {
    const page = await freshPage();
    const conn = await openLoggedSocket(page, '/cmd-send');
    await sendCommand(page, { t: 'send', id: 'c1', conn, payload: { kind: 'text', data: 'replayed text' } });
    await sendCommand(page, { t: 'send', id: 'c2', conn, payload: { kind: 'binary', data: base64([0, 1, 254, 255]) } });
    const events = await waitForEvents(page, (list) => !!resultOf(list, 'c2') && messagesOf(list).length === 4);
    expect(resultOf(events, 'c1')).toEqual({ t: 'command-result', id: 'c1', ok: true });
    const sent = messagesOf(events).filter((m) => m.dir === 'send');
    expect(sent.map((m) => [m.origin, m.payload.source, m.payload.data])).toEqual([
      ['replayed', 'string', 'replayed text'],
      ['replayed', 'ArrayBuffer', base64([0, 1, 254, 255])],
    ]);
    const atServer = server.received.get('/cmd-send')!;
    expect(atServer.map((r) => (r.isBinary ? [...(r.data as Buffer)] : r.data.toString()))).toEqual(['replayed text', [0, 1, 254, 255]]);
    // The echoes reach the page like any server message.
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length === 4);
    await page.close();
  });

  test('send on a closed socket or an unknown one fails with a clear error', async () => {
    const page = await freshPage();
    const conn = await openLoggedSocket(page, '/silent');
    await page.evaluate(async () => {
      const ws = (window as unknown as { ws: WebSocket }).ws;
      ws.close(1000);
      await new Promise((done) => ws.addEventListener('close', done));
    });
    await sendCommand(page, { t: 'send', id: 'closed', conn, payload: { kind: 'text', data: 'x' } });
    await sendCommand(page, { t: 'inject', id: 'unknown', conn: 'nope', payload: { kind: 'text', data: 'x' } });
    await sendCommand(page, { t: 'send', id: 'bad64', conn, payload: { kind: 'binary', data: '***' } });
    const events = await waitForEvents(page, (list) => !!resultOf(list, 'bad64'));
    expect(resultOf(events, 'closed')).toMatchObject({ ok: false, error: 'Socket is closed (code 1000)' });
    expect(resultOf(events, 'unknown')).toMatchObject({ ok: false, error: 'No such connection in this frame: nope' });
    expect(resultOf(events, 'bad64')?.ok).toBe(false);
    await page.close();
  });

  for (const binaryType of ['arraybuffer', 'blob'] as const) {
    test(`inject reaches onmessage and every listener exactly once, never the server (binaryType ${binaryType})`, async () => {
      const page = await freshPage();
      const conn = await openLoggedSocket(page, '/cmd-inject', binaryType);
      await sendCommand(page, { t: 'inject', id: 'i1', conn, payload: { kind: 'text', data: 'from nowhere' } });
      await sendCommand(page, { t: 'inject', id: 'i2', conn, payload: { kind: 'binary', data: base64([5, 6, 7]) } });
      await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length >= 4);
      await page.waitForTimeout(200);
      const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
      const kind = binaryType === 'blob' ? 'Blob' : 'ArrayBuffer';
      const origin = server.wsUrl;
      expect(seen.sort()).toEqual([
        `listener ${kind}:5,6,7:${origin}`,
        'listener text:from nowhere',
        `onmessage ${kind}:5,6,7:${origin}`,
        'onmessage text:from nowhere',
      ]);
      const events = await waitForEvents(page, (list) => !!resultOf(list, 'i2') && messagesOf(list).length === 2);
      expect(resultOf(events, 'i1')?.ok).toBe(true);
      expect(messagesOf(events).map((m) => [m.dir, m.origin, m.payload.source, m.payload.data])).toEqual([
        ['receive', 'injected', 'string', 'from nowhere'],
        ['receive', 'injected', binaryType === 'blob' ? 'Blob' : 'ArrayBuffer', base64([5, 6, 7])],
      ]);
      expect(server.received.get('/cmd-inject') ?? []).toEqual([]);
      await page.close();
    });
  }

  test('connect opens a socket from the page, recorded as replayed, answered with its id', async () => {
    const page = await freshPage();
    await sendCommand(page, { t: 'connect', id: 'k1', url: `${server.wsUrl}/cmd-connect`, protocols: ['p1'] });
    await sendCommand(page, { t: 'connect', id: 'k2', url: 'http://[', protocols: [] });
    const events = await waitForEvents(page, (list) => !!resultOf(list, 'k2') && list.some((e) => e.t === 'open'));
    const created = createdOf(events)[0]!;
    expect(created).toMatchObject({ url: `${server.wsUrl}/cmd-connect`, protocols: ['p1'], origin: 'replayed' });
    expect(resultOf(events, 'k1')).toEqual({ t: 'command-result', id: 'k1', ok: true, conn: created.conn });
    expect(resultOf(events, 'k2')).toMatchObject({ ok: false, error: "SyntaxError: Failed to construct 'WebSocket': The URL 'http://[' is invalid." });
    await sendCommand(page, { t: 'send', id: 'k3', conn: created.conn, payload: { kind: 'text', data: 'on the new socket' } });
    await waitForEvents(page, (list) => messagesOf(list).length === 2);
    expect(server.received.get('/cmd-connect')!.map((r) => r.data.toString())).toEqual(['on the new socket']);
    await page.close();
  });
});

describe('what counts as sent', () => {
  test('subclasses and send.call are captured; sends that throw or are discarded are not', async () => {
    const page = await freshPage();
    const thrown = await page.evaluate(async (wsUrl) => {
      class Tracked extends WebSocket {}
      const ws = new Tracked(`${wsUrl}/silent`);
      let error = '';
      try {
        ws.send('while connecting');
      } catch (e) {
        error = (e as DOMException).name;
      }
      await new Promise((done) => (ws.onopen = done));
      WebSocket.prototype.send.call(ws, 'through call');
      ws.close();
      ws.send('while closing');
      await new Promise((done) => (ws.onclose = done));
      ws.send('after close');
      return error;
    }, server.wsUrl);
    expect(thrown).toBe('InvalidStateError');
    const events = await waitForEvents(page, (list) => list.some((e) => e.t === 'close'));
    expect(messagesOf(events).map((m) => m.payload.data)).toEqual(['through call']);
    expect(server.received.get('/silent')?.map((r) => r.data.toString())).toContain('through call');
    await page.close();
  });
});

describe('frames', () => {
  test('sockets in srcdoc, script-made about:blank and cross-origin iframes are captured in their frame', async () => {
    const crossOrigin = server.httpUrl.replace('127.0.0.1', 'localhost');
    server.page('/child.html', `<!doctype html><script>new WebSocket('${server.wsUrl}/from-cross-origin')</script>`);
    server.page(
      '/frames.html',
      `<!doctype html><body>
      <iframe name="srcdoc" srcdoc="<script>new WebSocket('${server.wsUrl}/from-srcdoc')</script>"></iframe>
      <iframe name="cross" src="${crossOrigin}/child.html"></iframe>
      <script>
        const blank = document.createElement('iframe');
        blank.name = 'blank';
        document.body.append(blank);
        new blank.contentWindow.WebSocket('${server.wsUrl}/from-blank');
      </script></body>`,
    );
    const page = await context.newPage();
    await page.goto(`${server.httpUrl}/frames.html`);
    for (const [name, path] of [
      ['srcdoc', '/from-srcdoc'],
      ['blank', '/from-blank'],
      ['cross', '/from-cross-origin'],
    ] as const) {
      const frame = page.frame({ name })!;
      expect(frame, name).toBeTruthy();
      const events = await waitForEvents(frame, (list) => list.some((e) => e.t === 'open'));
      expect(
        createdOf(events).map((e) => e.url),
        name,
      ).toEqual([`${server.wsUrl}${path}`]);
    }
    expect(page.frame({ name: 'cross' })!.url()).toContain('localhost');
    expect(await capturedEvents(page)).toEqual([]);
    await page.close();
  });
});

describe('against a hostile or early page', () => {
  test('sockets opened before pairing are buffered: all lifecycle events, the last 1,000 messages per socket', async () => {
    const lateContext = await rig.newContext({ standIn: false });
    const page = await lateContext.newPage();
    await page.goto(`${server.httpUrl}/blank.html`);
    await page.evaluate(async (wsUrl) => {
      const closed = new WebSocket(`${wsUrl}/echo`);
      await new Promise((done) => (closed.onopen = done));
      closed.send('before close');
      await new Promise((done) => (closed.onmessage = done));
      closed.close();
      await new Promise((done) => (closed.onclose = done));
      const busy = new WebSocket(`${wsUrl}/echo`);
      await new Promise((done) => (busy.onopen = done));
      let echoes = 0;
      busy.onmessage = () => echoes++;
      for (let i = 1; i <= 1500; i++) busy.send(`m${i}`);
      while (echoes < 1500) await new Promise((done) => setTimeout(done, 10));
    }, server.wsUrl);
    // The content side arrives late (as after an extension update): the hook is still waiting for an offer.
    await page.evaluate(await (await import('./hook-standin')).standInScript());
    const events = await waitForEvents(page, (list) => messagesOf(list).length >= 1002, 30_000);
    const [closedConn, busyConn] = createdOf(events).map((e) => e.conn);
    expect(events.filter((e) => 'conn' in e && e.conn === closedConn).map((e) => e.t)).toEqual(['created', 'open', 'message', 'message', 'close']);
    const busy = messagesOf(events, busyConn);
    expect(busy.length).toBe(1000);
    expect(busy.map((m) => m.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => 2001 + i));
    expect(
      events
        .filter((e) => 'conn' in e && e.conn === busyConn)
        .slice(0, 2)
        .map((e) => e.t),
    ).toEqual(['created', 'open']);
    await lateContext.close();
  });

  test('forged pairing events from the page after pairing learn nothing and change nothing', async () => {
    const page = await freshPage();
    const leaked = await page.evaluate(async (wsUrl) => {
      const seen: string[] = [];
      const fake = crypto.randomUUID();
      addEventListener('websocket-inspector:offer', (e) => seen.push(`offer ${(e as CustomEvent).detail}`));
      addEventListener(`websocket-inspector:${fake}:up`, (e) => seen.push(`up ${(e as CustomEvent).detail}`));
      dispatchEvent(new CustomEvent('websocket-inspector:hello')); // the content side must not answer
      dispatchEvent(new CustomEvent('websocket-inspector:offer', { detail: fake })); // the hook must not take it
      const ws = new WebSocket(`${wsUrl}/echo`);
      await new Promise((done) => (ws.onopen = done));
      ws.send('still ours');
      await new Promise((done) => (ws.onmessage = done));
      return { seen, fake };
    }, server.wsUrl);
    expect(leaked.seen).toEqual([`offer ${leaked.fake}`]);
    const events = await waitForEvents(page, (list) => messagesOf(list).length === 2);
    expect(messagesOf(events).map((m) => m.payload.data)).toEqual(['still ours', 'still ours']);
    expect(await page.evaluate(() => (window as unknown as { __wsi: { rejected: unknown[] } }).__wsi.rejected)).toEqual([]);
    await page.close();
  });

  test("traps a page adds to Object.prototype never become the hook's Proxy traps", async () => {
    const page = await freshPage();
    const observed = await page.evaluate(async (wsUrl) => {
      const traps = ['get', 'set', 'has', 'apply', 'construct', 'getOwnPropertyDescriptor', 'defineProperty', 'ownKeys'];
      for (const trap of traps) {
        // A prototype-less descriptor: once Object.prototype.get exists, plain ones would inherit it.
        const descriptor = Object.setPrototypeOf(
          {
            value: () => {
              throw new Error(`hijacked ${trap}`);
            },
            configurable: true,
          },
          null,
        );
        Object.defineProperty(Object.prototype, trap, descriptor);
      }
      try {
        const ws = new WebSocket(`${wsUrl}/silent`);
        await new Promise((done) => (ws.onopen = done));
        ws.send('through hostile prototypes');
        return [WebSocket.OPEN, WebSocket.name, ws instanceof WebSocket, String(WebSocket)];
      } finally {
        for (const trap of traps) delete (Object.prototype as Record<string, unknown>)[trap];
      }
    }, server.wsUrl);
    expect(observed).toEqual([1, 'WebSocket', true, 'function WebSocket() { [native code] }']);
    const events = await waitForEvents(page, (list) => messagesOf(list).length === 1);
    expect(messagesOf(events)[0]!.payload.data).toBe('through hostile prototypes');
    await page.close();
  });

  test('large binary payloads cross as Blobs, made without anything the page patched, bytes exact', async () => {
    const page = await freshPage();
    const size = 300_000; // above BLOB_MIN_BYTES (src/shared/binary-body.ts)
    await page.evaluate(
      async ([wsUrl, size]) => {
        const saved: [object, PropertyKey, PropertyDescriptor | undefined][] = [];
        const patch = (target: object, name: PropertyKey, value: unknown) => {
          saved[saved.length] = [target, name, Object.getOwnPropertyDescriptor(target, name)];
          Object.defineProperty(target, name, { value, configurable: true, writable: true });
        };
        const big = new Uint8Array(size).map((_, index) => index % 251);
        const bigBlob = new Blob([big.slice().reverse()]);
        const ws = new WebSocket(`${wsUrl}/echo`);
        ws.binaryType = 'blob';
        await new Promise((done) => (ws.onopen = done));
        let echoes = 0;
        ws.onmessage = () => echoes++;
        const boom = () => {
          throw new Error('patched');
        };
        const arrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]());
        // Patched only around the two sends (the hook makes its Blob inside send()): the test's stand-in
        // for the content script shares this world and needs the built-ins itself afterwards.
        patch(Array.prototype, Symbol.iterator, boom);
        patch(arrayIteratorPrototype, 'next', boom);
        patch(Blob.prototype, 'slice', boom);
        patch(window, 'Blob', boom);
        ws.send(big);
        ws.send(bigBlob);
        // No destructuring here: it would use the patched array iterator.
        for (let i = saved.length - 1; i >= 0; i--) {
          const entry = saved[i]!;
          Object.defineProperty(entry[0], entry[1], entry[2] ?? { value: undefined, configurable: true, writable: true });
        }
        while (echoes < 2) await new Promise((done) => setTimeout(done, 10));
      },
      [server.wsUrl, size] as const,
    );
    const events = await waitForEvents(page, (list) => messagesOf(list).length === 4);
    const forward = Buffer.from(Uint8Array.from({ length: size }, (_, index) => index % 251));
    const backward = Buffer.from(forward).reverse();
    expect(
      messagesOf(events).map((m) => [
        m.dir,
        m.payload.source,
        m.payload.size,
        m.payload.truncated,
        m.payload.data === forward.toString('base64') ? 'forward' : m.payload.data === backward.toString('base64') ? 'backward' : 'wrong',
      ]),
    ).toEqual([
      ['send', 'Uint8Array', size, false, 'forward'],
      ['send', 'Blob', size, false, 'backward'],
      ['receive', 'Blob', size, false, 'forward'],
      ['receive', 'Blob', size, false, 'backward'],
    ]);
    expect(await page.evaluate(() => (window as unknown as { __wsi: { crossed: { blobs: number } } }).__wsi.crossed.blobs)).toBe(4);
    await page.close();
  });

  test('a page that overwrites the built-ins the hook uses is still captured, truthfully', async () => {
    const page = await freshPage();
    await page.evaluate(async (wsUrl) => {
      const w = window as unknown as Record<string, unknown>;
      // Plain index writes only: Array.prototype.push and Map.prototype.get get patched below.
      const saved: [object, PropertyKey, PropertyDescriptor][] = [];
      const patch = (target: object, name: PropertyKey, value: unknown) => {
        saved[saved.length] = [target, name, Object.getOwnPropertyDescriptor(target, name) ?? { value: undefined, configurable: true, writable: true }];
        Object.defineProperty(target, name, { value, configurable: true, writable: true });
      };
      const restore = () => {
        for (let i = saved.length - 1; i >= 0; i--) Object.defineProperty(saved[i]![0], saved[i]![1], saved[i]![2]);
      };
      const ws = new WebSocket(`${wsUrl}/echo`);
      ws.binaryType = 'blob';
      await new Promise((done) => (ws.onopen = done));
      let echoes = 0;
      ws.onmessage = () => echoes++;
      const boom = () => {
        throw new Error('patched');
      };
      patch(JSON, 'stringify', () => '{"t":"spoof"}');
      patch(w, 'CustomEvent', boom);
      patch(EventTarget.prototype, 'dispatchEvent', () => true);
      patch(Array.prototype, 'push', () => 0);
      patch(Map.prototype, 'get', () => undefined);
      patch(WeakMap.prototype, 'get', () => undefined);
      patch(String.prototype, 'toJSON', () => 'spoofed');
      patch(Uint8Array.prototype, 'toBase64', () => 'spoofed');
      patch(w, 'btoa', () => 'spoofed');
      patch(String, 'fromCharCode', () => 'spoofed');
      patch(w, 'FileReader', boom);
      patch(TextEncoder.prototype, 'encode', () => new Uint8Array(0));
      patch(performance, 'now', () => 0);
      patch(crypto, 'randomUUID', () => '00000000-0000-4000-8000-000000000000');
      patch(Reflect, 'apply', boom);
      patch(Reflect, 'construct', boom);
      patch(Function.prototype, 'call', boom);
      patch(Promise.prototype, 'then', boom);
      const sendLater = new WebSocket(`${wsUrl}/silent`); // created while patched
      ws.send('text "quoted"\n');
      ws.send(new Uint8Array([1, 2, 3]));
      ws.send(new Blob(['blob!']));
      while (echoes < 3) await new Promise((done) => setTimeout(done, 10));
      restore();
      sendLater.close();
    }, server.wsUrl);
    const events = await waitForEvents(page, (list) => messagesOf(list).length === 6 && createdOf(list).length === 2);
    expect(messagesOf(events).map((m) => `${m.dir} ${m.payload.source} ${m.payload.data}`)).toEqual([
      'send string text "quoted"\n',
      'send Uint8Array AQID',
      `send Blob ${Buffer.from('blob!').toString('base64')}`,
      'receive string text "quoted"\n',
      'receive Blob AQID',
      `receive Blob ${Buffer.from('blob!').toString('base64')}`,
    ]);
    const [first, second] = createdOf(events);
    expect(first!.conn).not.toBe(second!.conn);
    expect(second!.conn).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(messagesOf(events).every((m) => m.time > 1.7e12)).toBe(true);
    await page.close();
  });
});
