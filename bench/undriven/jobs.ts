// The bench side of the measured page (page.html): the test server serves it, hands it its job over
// HTTP and takes its result back, so that the page needs no automation protocol.
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../test/e2e/servers';
import type { UndrivenBrowser } from './browser';

export type Job =
  | { kind: 'echo'; bytes: number; text: boolean; count: number }
  /** `url`: a path of the test server that sends at once, e.g. /burst?n=…&size=…; the job id is appended. */
  | { kind: 'receive'; url: string; count: number; inWorker?: boolean }
  /** `count` iframes of a small page, added at once: what the content scripts cost each frame at start-up. */
  | { kind: 'frames'; count: number }
  /** `count` workers started one after another, each answering one message and opening no socket: what starting a worker costs. */
  | { kind: 'workers'; count: number; type: 'classic' | 'module' }
  | { kind: 'call'; name: string; args: unknown[]; doneWhen: { key: string; value: string } };

export interface JobResult {
  /** Milliseconds, by the page's clock. */
  ms: number;
  /** When the page resolved it, by ours. */
  doneAt: number;
  /** The job's own: a receive job's socket URL ends in job=<id>. */
  id: string;
}

const GIVE_UP_MS = 10 * 60_000;

export interface JobServer {
  server: TestServer;
  /**
   * Runs `job` in a new tab of `browser` and resolves with its result; `whileOpen` runs once the result
   * is in, before the tab closes (e.g. to wait for the extension to store what the page received).
   */
  run(browser: UndrivenBrowser, job: Job, options?: { devtools?: boolean; whileOpen?(result: JobResult): Promise<void> }): Promise<JobResult>;
  close(): Promise<void>;
}

export async function startJobServer(): Promise<JobServer> {
  const server = await startTestServer({ perMessageDeflate: false });
  const pageUrl = server.page('/undriven.html', readFileSync(new URL('page.html', import.meta.url), 'utf8'));
  server.page('/bench/frame.html', '<!doctype html><title>frame</title><p>frame</p>');
  const workerScript = 'self.onmessage = (event) => postMessage(event.data);';
  for (const path of ['/bench/worker.js', '/bench/worker.mjs'])
    server.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(workerScript));
  // The receive job's steps (timeReceive), run by the page and, for a worker's socket, by a dedicated worker.
  const receiveSteps = `async function timeReceive(url, count) {
    const started = performance.now();
    const socket = new WebSocket('ws://' + location.host + url);
    await new Promise((done, failed) => {
      let received = 0;
      socket.onmessage = () => ++received === count && done();
      socket.onerror = failed;
    });
    const ms = performance.now() - started;
    socket.close();
    return ms;
  }`;
  const receiveWorker = `importScripts('/bench/receive.js');
  self.onmessage = ({ data: { url, count } }) =>
    timeReceive(url, count).then((ms) => postMessage({ ms }), (error) => postMessage({ error: String(error) }));`;
  for (const [path, body] of [
    ['/bench/receive.js', receiveSteps],
    ['/bench/receive-worker.js', receiveWorker],
  ] as const)
    server.route(path, (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(body));
  const jobs = new Map<string, { job: Job; settle(result: { ms?: number; error?: string; visibility?: string }): void }>();
  let lastId = 0;
  server.route('/bench/job', (req, res) => {
    const entry = jobs.get(new URL(req.url!, server.httpUrl).searchParams.get('id') ?? '');
    if (!entry) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(entry.job));
  });
  server.route('/bench/result', (req, res) => {
    const entry = jobs.get(new URL(req.url!, server.httpUrl).searchParams.get('id') ?? '');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(204).end();
      entry?.settle(JSON.parse(body));
    });
  });
  return {
    server,
    async run(browser, job, { devtools = false, whileOpen } = {}) {
      const id = String(++lastId);
      const sent = job.kind === 'receive' ? { ...job, url: `${job.url}${job.url.includes('?') ? '&' : '?'}job=${id}` } : job;
      let timer: NodeJS.Timeout | undefined;
      const result = new Promise<JobResult>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`job ${id} (${job.kind}) gave no result in ${GIVE_UP_MS} ms`)), GIVE_UP_MS);
        jobs.set(id, {
          job: sent,
          settle({ ms, error, visibility }) {
            // A hidden tab's timers are throttled, which would measure something else.
            if (error !== undefined || ms === undefined) reject(new Error(`job ${id} (${job.kind}) failed in the page: ${error}`));
            else if (visibility !== 'visible') reject(new Error(`job ${id} ran in a ${visibility} tab`));
            else resolve({ ms, doneAt: Date.now(), id });
          },
        });
      });
      let close: (() => Promise<void>) | undefined;
      try {
        close = await browser.openPage(`${pageUrl}?job=${id}`, { devtools });
        const done = await Promise.race([result, browser.exited]);
        await whileOpen?.(done);
        return done;
      } finally {
        clearTimeout(timer);
        jobs.delete(id);
        // A tab that cannot close means a browser gone, which the job's own error already tells.
        await close?.().catch(() => undefined);
        // The server keeps what it received per path; a bench's megabytes need not pile up there.
        for (const messages of server.received.values()) messages.splice(0);
      }
    },
    close: () => server.close(),
  };
}
