// Errors in a hooked worker read as they do without the extension: the same probe runs in Chromium
// with the built extension and in a baseline Chromium without it, and compares what the page's Worker
// object and the worker's own `error` listener see (message, file, line, column) and the error's stack.
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { setUpWithAndWithout } from './with-and-without';
import { script } from './worker-pages';

const pair = setUpWithAndWithout('/errors.html', 'errors');

/** Reports the worker's own error events, and a stack made at its top level, to whoever started it. */
const REPORTER = `self.addEventListener('error', (e) => postMessage({ inWorker: [e.constructor.name, e.message, e.filename, e.lineno, e.colno, e.error && e.error.stack] }));
postMessage({ here: new Error('here').stack });
`;
const THROWER = `function thrower() { throw new Error('at top level'); }\n`;

/** Each worker: its type, its script, and whether its own listener reports (a script that does not parse runs nothing). */
const WORKERS: Record<string, { type: 'classic' | 'module'; body: string; reports: boolean }> = {
  classicTop: { type: 'classic', body: `${REPORTER}${THROWER}thrower();\n`, reports: true },
  moduleTop: { type: 'module', body: `${REPORTER}${THROWER}thrower();\n`, reports: true },
  classicLater: { type: 'classic', body: `${REPORTER}${THROWER}self.onmessage = () => thrower();\n`, reports: true },
  moduleLater: { type: 'module', body: `${REPORTER}${THROWER}self.onmessage = () => thrower();\n`, reports: true },
  // Thrown from a listener of a socket the hook wraps.
  classicSocket: {
    type: 'classic',
    body: `${REPORTER}const ws = new WebSocket('../echo');\nws.onopen = () => ws.send('x');\nws.onmessage = () => { null.boom; };\n`,
    reports: true,
  },
  classicString: { type: 'classic', body: `${REPORTER}throw 'a string';\n`, reports: true },
  // Thrown by a script the worker imports, relative to its own URL.
  classicImported: { type: 'classic', body: `${REPORTER}importScripts('imported-thrower.js');\n`, reports: true },
  classicSyntax: { type: 'classic', body: `${REPORTER}let let = 1;\n`, reports: false },
  // A worker started by a worker: the child's errors as its parent sees them, relayed to the page.
  nested: {
    type: 'classic',
    body: `const child = new Worker('classicTop.js', { name: 'child' });
child.onmessage = (event) => postMessage({ fromChild: event.data });
child.onerror = (e) => { postMessage({ onParent: [e.constructor.name, e.message, e.filename, e.lineno, e.colno] }); e.preventDefault(); };
postMessage({ inWorker: 'nested' });
`,
    reports: true,
  },
};

/**
 * Runs in the page: starts each worker, posts it one message, and collects what the page and the
 * worker saw, by kind: until the page saw an error, and, where the worker reports, until it did.
 */
async function observeErrors(cases: [string, string, string, boolean][]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, path, type, reports] of cases) {
    const seen: Record<string, unknown[]> = {};
    const add = (kind: string, value: unknown) => (seen[kind] ??= []).push(value);
    const worker = new Worker(path, { type: type as WorkerType, name: key });
    await new Promise<void>((resolve) => {
      const done = () => (!reports || seen.inWorker || seen.fromChild?.some((m) => (m as { inWorker?: unknown }).inWorker)) && seen.onPage && resolve();
      worker.onmessage = (event) => {
        for (const [kind, value] of Object.entries(event.data as object)) add(kind, value);
        done();
      };
      worker.onerror = (event) => {
        add('onPage', [event.constructor.name, event.message, event.filename, event.lineno, event.colno, String(event.error)]);
        done();
      };
      worker.postMessage('go');
      // The nested case's page sees no error of its own: its parent handles the child's.
      if (key === 'nested') add('onPage', 'none expected');
    });
    worker.terminate();
    out[key] = seen;
  }
  return out;
}

async function observeIn(page: Page): Promise<Record<string, unknown>> {
  await page.goto(pair.probeUrl);
  const cases = Object.entries(WORKERS).map(
    ([key, { type, reports }]) => [key, `errs/${key}.${type === 'module' ? 'mjs' : 'js'}`, type, reports] as [string, string, string, boolean],
  );
  return page.evaluate(observeErrors, cases);
}

/** The frame of the hook's importScripts shim in a stack as JSON writes it: the one frame a hooked worker's stacks may add (under what an imported script throws). */
const HOOK_FRAME = /\\n {4}at [^\\]*\(websocket-inspector-worker-hook\.js:\d+:\d+\)/g;
/** What Chromium puts before the message of a syntax error in a script loaded by importScripts, as the hook loads a classic worker's. */
const IMPORT_SCRIPTS_PREFIX = "Failed to execute 'importScripts' on 'WorkerGlobalScope': ";

test('errors a worker throws read the same with and without the hook: the events seen in the worker and by the page, and the stacks', async () => {
  for (const [key, { type, body }] of Object.entries(WORKERS)) script(pair.server, `/errs/${key}.${type === 'module' ? 'mjs' : 'js'}`, body);
  script(pair.server, '/errs/imported-thrower.js', `\n\nfunction imported() { throw new RangeError('from an imported script'); }\nimported();\n`);
  const hooked = await pair.withExtension.context.newPage();
  const plain = await pair.baseline.newPage();
  const [observedHooked, observedPlain] = await Promise.all([observeIn(hooked), observeIn(plain)]);
  const hookedText = JSON.stringify(observedHooked);
  // The bootstrap's blob: URL, which carries the worker's parameters, shows nowhere.
  expect(hookedText).not.toContain('blob:');
  // The two known differences, each exactly where expected: the shim's frame under an imported script's throw, and the prefix.
  expect(hookedText.match(HOOK_FRAME)).toHaveLength(1);
  expect(JSON.stringify(observedHooked.classicImported)).toMatch(HOOK_FRAME);
  expect(hookedText.split(IMPORT_SCRIPTS_PREFIX)).toHaveLength(2);
  expect(JSON.stringify(observedHooked.classicSyntax)).toContain(IMPORT_SCRIPTS_PREFIX);
  expect(JSON.parse(hookedText.replace(HOOK_FRAME, '').replace(IMPORT_SCRIPTS_PREFIX, ''))).toEqual(JSON.parse(JSON.stringify(observedPlain)));
  // The baseline is what the cases mean to show: the page sees the script's own file, line and column.
  expect((observedPlain.classicTop as { onPage: unknown[] }).onPage).toEqual([
    ['ErrorEvent', 'Uncaught Error: at top level', `${pair.server.httpUrl}/errs/classicTop.js`, 3, 28, 'null'],
  ]);
  expect((observedPlain.classicImported as { onPage: unknown[] }).onPage).toEqual([
    ['ErrorEvent', 'Uncaught RangeError: from an imported script', `${pair.server.httpUrl}/errs/imported-thrower.js`, 3, 29, 'null'],
  ]);
  expect((observedPlain.classicTop as { here: string[] }).here).toEqual([`Error: here\n    at ${pair.server.httpUrl}/errs/classicTop.js:2:21`]);
  await hooked.close();
  await plain.close();
});
