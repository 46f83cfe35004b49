// Pages and worker scripts for the worker capture tests (Chromium: workers.test.ts; Firefox:
// firefox-workers.test.ts), served by the test server. Each page starts its workers the way apps do
// and resolves `window.result` with what the page heard back, so a test can compare it with what the
// extension stored.
import type { TestServer } from './servers';

const JS = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };

/** Serves `body` as JavaScript at `path`. */
export function script(server: TestServer, path: string, body: string): string {
  server.route(path, (_req, res) => res.writeHead(200, JS).end(body));
  return `${server.httpUrl}${path}`;
}

/**
 * A Shared Worker's script that opens one socket to `socketPath` when a tab first posts, sends what tabs
 * post through it (arrays as bytes), tells every tab what comes back and `closed <code> <reason>` at
 * the close, and closes it when asked. `head`: lines that come first (their line numbers are the
 * script's); `greeting`: an expression posted to each tab as it connects.
 */
export function sharedEchoWorker(socketPath: string, { head = '', greeting = '' }: { head?: string; greeting?: string } = {}): string {
  return `${head}const ports = [];
let socket, opened;
const show = (data) => typeof data === 'string' ? data : 'bytes:' + Array.from(new Uint8Array(data)).join(',');
onconnect = (event) => {
  const port = event.ports[0];
  ports.push(port);
  ${greeting ? `port.postMessage(${greeting});` : ''}
  port.onmessage = async ({ data }) => {
    if (data === 'close') return socket.close(1000, 'done');
    if (!socket) {
      socket = new WebSocket(new URL(${JSON.stringify(socketPath)}, location.href.replace('http', 'ws')));
      socket.binaryType = 'arraybuffer';
      socket.onmessage = (message) => ports.forEach((p) => p.postMessage(show(message.data)));
      socket.onclose = (close) => ports.forEach((p) => p.postMessage('closed ' + close.code + ' ' + close.reason));
      opened = new Promise((resolve) => (socket.onopen = resolve));
    }
    await opened;
    socket.send(Array.isArray(data) ? new Uint8Array(data) : data);
  };
};`;
}

/** Serves `html` at `path` with extra response headers (a Content-Security-Policy, say). */
export function pageWithHeaders(server: TestServer, path: string, html: string, headers: Record<string, string>): string {
  server.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(html));
  return `${server.httpUrl}${path}`;
}

/**
 * A worker body that reports what it sees of itself, opens a socket to a relative URL, echoes the
 * page's first two messages through it, and posts the echo back: `{ location, name, lib, fetched,
 * metaUrl, echo }`. `head` runs first (imports). `socketPath` is relative to the script.
 */
export function reportingWorker(head: string, socketPath: string, extra = ''): string {
  return `${head}
    const seen = [];
    let opened;
    const ws = new WebSocket(${JSON.stringify(socketPath)});
    self.socket = ws;
    const open = new Promise((resolve) => { ws.onopen = resolve; });
    self.heard = [];
    ws.addEventListener('message', (event) => self.heard.push(event.data));
    self.onmessage = async (event) => {
      if (event.data && event.data.ask === 'heard') return postMessage({ heard: self.heard });
      if (event.data && event.data.ask === 'send') return ws.send(event.data.text);
      // A port can only be transferred: held by the hook until the worker started, and still in order.
      if (event.ports.length) return event.ports[0].postMessage({ via: 'port', after: seen.length });
      seen.push(event.data);
      if (seen.length !== 2) return;
      const firstTwo = seen.slice();
      await open;
      const fetched = await fetch('data.json').then((response) => response.json(), (error) => String(error));
      ws.send(JSON.stringify(firstTwo));
      ws.addEventListener('message', (reply) => postMessage({ location: self.location.href, locationString: String(location), name: self.name, lib: self.lib, fetched, metaUrl: self.metaUrl, echo: reply.data }), { once: true });
    };
    ${extra}`;
}

/**
 * Page script run once `window.worker` is made: `window.result` resolves with the worker's report (its echo),
 * `window.viaPort` with what it posts on the port; then two messages and the port are posted at once, in the
 * order the worker must see them.
 */
export const TALK_TO_WORKER = `
    window.result = new Promise((resolve, reject) => {
      window.worker.addEventListener('message', (event) => { if (event.data && event.data.echo !== undefined) resolve(event.data); });
      window.worker.onerror = (event) => reject(new Error('worker error: ' + (event.message || event.type)));
    });
    const channel = new MessageChannel();
    window.viaPort = new Promise((resolve) => { channel.port1.onmessage = (event) => resolve(event.data); });
    window.worker.postMessage('first');
    window.worker.postMessage({ second: [1, 2] });
    window.worker.postMessage('port', [channel.port2]);`;

/** A page that starts `new Worker(scriptPath, options)`, posts two messages at once, and resolves `window.result` with the reply. */
export function workerPage(server: TestServer, path: string, scriptPath: string, options: object, headers?: Record<string, string>): string {
  const html = `<!doctype html><meta charset="utf-8"><title>${path}</title><script>
    window.worker = new Worker(${JSON.stringify(scriptPath)}, ${JSON.stringify(options)});
    window.ask = (question) => new Promise((resolve) => {
      window.worker.addEventListener('message', (event) => { if (event.data && event.data.heard) resolve(event.data.heard); }, { once: true });
      window.worker.postMessage(question);
    });${TALK_TO_WORKER}
  </script>`;
  return headers ? pageWithHeaders(server, path, html, headers) : server.page(path, html);
}

/** A module that opens a socket to `socketPath` on its own origin while it is evaluated; exports `early` (the socket) and `opened`. */
export function socketOpeningModule(socketPath: string): string {
  return `export const early = new WebSocket(new URL(${JSON.stringify(socketPath)}, location.href.replace('http', 'ws')));
    export const opened = new Promise((resolve) => (early.onopen = resolve));`;
}

/** Workers whose script cannot be loaded, as the tests of load failures start them (served by serveUnloadable). */
export const UNLOADABLE_WORKERS: { name: string; scriptPath: string; options: WorkerOptions; notice: string }[] = [
  {
    name: 'a classic worker whose script is not found (404)',
    scriptPath: 'unloadable/missing.js',
    options: { name: 'missing classic' },
    notice: 'did not start: its script could not be loaded; the page’s Worker got an error event, as it does without the extension',
  },
  {
    name: 'a module worker whose script is not found (404)',
    scriptPath: 'unloadable/missing.mjs',
    options: { type: 'module', name: 'missing module' },
    notice:
      'did not start: its script, or a module it imports, could not be loaded or did not parse; the page’s Worker got an error event, as it does without the extension',
  },
  {
    name: 'a module worker whose script fails with a network error',
    scriptPath: 'unloadable/reset.mjs',
    options: { type: 'module', name: 'reset module' },
    notice: 'did not start: its script, or a module it imports, could not be loaded or did not parse',
  },
];

/** Serves what UNLOADABLE_WORKERS need: nothing at the missing paths (404), a connection reset at the other. */
export function serveUnloadable(server: TestServer): void {
  server.route('/unloadable/reset.mjs', (req) => req.socket.destroy());
}

/**
 * A page that starts `new Worker(scriptPath, options)` and lists in `window.seen` what it gets: each
 * event on the worker (`worker error Event`, or with an ErrorEvent's message) and each error on the
 * window; `window.failed` resolves at the worker's first error.
 */
export function failingWorkerPage(server: TestServer, path: string, scriptPath: string, options: WorkerOptions): string {
  return server.page(
    path,
    `<!doctype html><meta charset="utf-8"><title>${path}</title><script>
      window.seen = [];
      window.addEventListener('error', (event) => seen.push('window error ' + event.message));
      const worker = new Worker(${JSON.stringify(scriptPath)}, ${JSON.stringify(options)});
      worker.addEventListener('message', () => seen.push('worker message'));
      window.failed = new Promise((resolve) => worker.addEventListener('error', (event) => {
        seen.push('worker error ' + event.constructor.name + (event.message ? ' ' + event.message : ''));
        resolve();
      }));
    </script>`,
  );
}
