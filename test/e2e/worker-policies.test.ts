// Pages whose security policy forbids what capture needs to start a worker (its blob: bootstrap): a
// Content-Security-Policy in a <meta> tag, Trusted Types by header or <meta>, with a named or a default
// policy. Each page runs in Chromium with the built extension and in one without it: the worker must
// run the same, the page must see the same violation reports and Trusted Types policy calls, and the
// extension must list the worker as not captured, with the reason. A worker whose script cannot be
// loaded fails as it does without the extension (one error Event on the page's Worker, nothing else)
// and is listed as one that did not start, not as one capture was refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { latestSession, openInspectedPage, setUpWorld } from '../fixtures/har/e2e-setup';
import { launchPlain } from './chromium';
import { failingWorkerPage, pageWithHeaders, reportingWorker, script, serveUnloadable, TALK_TO_WORKER, UNLOADABLE_WORKERS } from './worker-pages';
import type { ConnectionRecord } from '../../src/shared/models';

const world = setUpWorld();
let plain: Awaited<ReturnType<typeof launchPlain>>;
beforeAll(async () => {
  plain = await launchPlain();
});
afterAll(async () => {
  await plain?.close();
});

interface Seen {
  result: unknown;
  viaPort: unknown;
  violations: string[];
  policyCalls: string[];
}

/**
 * A page that records the policy violations and default-policy calls it sees, then starts the worker
 * (`construct`: the expression that constructs it, given `url`), posts it two messages and a port.
 * `head`: markup before the script (a <meta> policy).
 */
function policyPage(path: string, head: string, construct: string, headers: Record<string, string> = {}): string {
  const html = `<!doctype html><meta charset="utf-8">${head}<title>${path}</title><script>
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.effectiveDirective + ' ' + e.blockedURI));
    window.policyCalls = [];
    const url = 'policy/worker.js';
    window.worker = ${construct};${TALK_TO_WORKER}
  </script>`;
  return pageWithHeaders(world.server, path, html, headers);
}

async function seenOn(page: Page): Promise<Seen> {
  return page.evaluate(async () => {
    const w = window as unknown as Seen & { result: Promise<unknown>; viaPort: Promise<unknown> };
    return { result: await w.result, viaPort: await w.viaPort, violations: w.violations, policyCalls: w.policyCalls };
  });
}

const SELF = "script-src 'self' 'unsafe-inline'; connect-src 'self' ws:";
const CASES: { name: string; head?: string; headers?: Record<string, string>; construct: string; reason: string }[] = [
  {
    name: 'a CSP in <meta> without blob: for workers',
    head: `<meta http-equiv="Content-Security-Policy" content="${SELF}; worker-src 'self'">`,
    construct: 'new Worker(url, { name: "meta" })',
    reason: "the page's Content Security Policy (worker-src) does not allow the blob: script capture starts workers from",
  },
  {
    name: 'Trusted Types by header, with a named policy',
    headers: { 'content-security-policy': `${SELF}; require-trusted-types-for 'script'; trusted-types app` },
    construct: 'new Worker(trustedTypes.createPolicy("app", { createScriptURL: (u) => u }).createScriptURL(url), { name: "named" })',
    reason: 'Trusted Types',
  },
  {
    name: 'Trusted Types by header, with a default policy',
    headers: { 'content-security-policy': `${SELF}; require-trusted-types-for 'script'; trusted-types default` },
    construct:
      '(trustedTypes.createPolicy("default", { createScriptURL: (u) => { window.policyCalls.push(u); return u; } }), new Worker(url, { name: "default" }))',
    reason: 'Trusted Types',
  },
  {
    // The bootstrap starts, but the page's policy, which a blob: worker inherits, refuses the script's import there.
    name: 'a CSP header whose script-src allows no script of the worker’s URL',
    headers: { 'content-security-policy': "script-src 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self' ws:" },
    construct: 'new Worker(url, { name: "no-import" })',
    reason: 'its script did not load from the bootstrap',
  },
  {
    name: 'Trusted Types in <meta>',
    head: `<meta http-equiv="Content-Security-Policy" content="${SELF}; require-trusted-types-for 'script'; trusted-types app">`,
    construct: 'new Worker(trustedTypes.createPolicy("app", { createScriptURL: (u) => u }).createScriptURL(url), { name: "tt-meta" })',
    reason: "the page's Trusted Types policy allows no script URL capture could make",
  },
];

describe('a worker on a page whose policy forbids capture’s bootstrap', () => {
  beforeAll(() => {
    script(world.server, '/policy/lib.js', `self.lib = 'classic lib';`);
    script(world.server, '/policy/worker.js', reportingWorker(`importScripts('lib.js');`, '/policy-echo'));
    world.server.route('/policy/data.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fetched":true}'));
  });

  test.each(CASES.map((c, index) => [c.name, c, index] as const))('%s: runs as without the extension, listed as not captured', async (_name, c, index) => {
    const url = policyPage(`/policy-${index}.html`, c.head ?? '', c.construct, c.headers);
    const { page, tabId } = await openInspectedPage(world.browser, url);
    const baselinePage = await plain.context.newPage();
    await baselinePage.goto(url);
    const [hooked, unhooked] = await Promise.all([seenOn(page), seenOn(baselinePage)]);
    expect(hooked).toEqual(unhooked);
    expect(unhooked.result).toMatchObject({ lib: 'classic lib', location: `${world.server.httpUrl}/policy/worker.js` });
    const scriptUrl = `${world.server.httpUrl}/policy/worker.js`;
    const notices = await waitFor(
      async () => ((await world.storage.local('notices')) ?? []) as { text: string }[],
      (list) => list.some((notice) => notice.text.includes(`/policy-${index}.html`)),
    );
    const notice = notices.find((n) => n.text.includes(`/policy-${index}.html`))!.text;
    expect(notice).toContain(`${scriptUrl} could not be captured`);
    expect(notice).toContain(c.reason);
    const session = await latestSession(world.storage, tabId);
    const connections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', session.id);
    expect(connections).toEqual([]);
    await page.close();
    await baselinePage.close();
  });
});

describe('a worker whose script cannot be loaded', () => {
  beforeAll(() => serveUnloadable(world.server));

  test.each(UNLOADABLE_WORKERS.map((c, index) => [c.name, c, index] as const))(
    '%s: the page gets the error event it gets without the extension; listed as not started',
    async (_name, c, index) => {
      const url = failingWorkerPage(world.server, `/unloadable-${index}.html`, c.scriptPath, c.options);
      const { page, tabId } = await openInspectedPage(world.browser, url);
      const baselinePage = await plain.context.newPage();
      await baselinePage.goto(url);
      const seen = (on: Page) =>
        on.evaluate(async () => (await (window as unknown as { failed: Promise<void> }).failed, (window as unknown as { seen: string[] }).seen));
      const unhooked = await seen(baselinePage);
      expect(unhooked).toEqual(['worker error Event']);
      expect(await seen(page)).toEqual(unhooked);
      const notices = await waitFor(
        async () => ((await world.storage.local('notices')) ?? []) as { text: string }[],
        (list) => list.some((notice) => notice.text.includes(`/unloadable-${index}.html`)),
      );
      // The notice comes after the page's error: still all the page got by then.
      expect(await seen(page)).toEqual(unhooked);
      const notice = notices.find((n) => n.text.includes(`/unloadable-${index}.html`))!.text;
      expect(notice).toContain(`Worker "${c.options.name}" ${world.server.httpUrl}/${c.scriptPath} ${c.notice}`);
      expect(notice).not.toContain('could not be captured');
      expect(notice).not.toContain('runs as without the extension');
      const session = await latestSession(world.storage, tabId);
      expect(await world.storage.read<ConnectionRecord>('connections', 'sessionId', session.id)).toEqual([]);
      await page.close();
      await baselinePage.close();
    },
  );
});
