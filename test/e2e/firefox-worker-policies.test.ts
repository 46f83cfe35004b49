// Dedicated workers in Firefox where capture's bootstrap cannot run them, each page run in a Firefox with
// the built extension and in one without it. A page whose Content-Security-Policy header allows only
// its own scripts and workers (no inline script, no blob:): the worker runs as without the extension,
// and is listed as not captured, with the reason (Firefox reports the refused bootstrap to the page's
// securitypolicyviolation listeners, as Chrome does). A worker whose script cannot be loaded fails as
// without the extension (one error Event on the page's Worker, nothing else) and is listed as one that
// did not start, not as one capture was refused.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { launchPlainFirefox } from './firefox';
import { setUpFirefoxWorld } from './firefox-world';
import { noticeNaming, openTab, waitForStored } from './firefox-traffic';
import { failingWorkerPage, pageWithHeaders, reportingWorker, script, serveUnloadable, TALK_TO_WORKER, UNLOADABLE_WORKERS } from './worker-pages';

const world = setUpFirefoxWorld();
let baseline: Browser;
beforeAll(async () => {
  baseline = await launchPlainFirefox();
});
afterAll(async () => {
  await baseline?.close();
});

/** Opens `url` in both browsers: the extension's tab (and its id) and the baseline's page. */
async function openInBoth(url: string): Promise<{ hooked: Page; tabId: number; plain: Page }> {
  const { page: hooked, tabId } = await openTab(world.firefox, world.db, url);
  const plain = await baseline.newPage();
  await plain.goto(url);
  return { hooked, tabId, plain };
}

const STRICT_CSP = "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self' ws:";

describe('a dedicated worker on a page whose CSP header allows no blob: worker and no inline script', () => {
  beforeAll(() => {
    script(world.server, '/ffp/lib.js', `self.lib = 'classic lib';`);
    script(world.server, '/ffp/classic.js', reportingWorker(`importScripts('lib.js');`, '/ffp-classic'));
    script(world.server, '/ffp/module.mjs', reportingWorker(`import { lib } from './lib.mjs'; self.lib = lib;`, '/ffp-module'));
    script(world.server, '/ffp/lib.mjs', `export const lib = 'module lib';`);
    world.server.route('/ffp/data.json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fetched":true}'));
  });

  test.each([
    ['classic', 'ffp/classic.js', { name: 'strict classic' }, 'classic lib'],
    ['module', 'ffp/module.mjs', { type: 'module', name: 'strict module' }, 'module lib'],
  ] as const)('a %s worker runs as without the extension, listed as not captured with the reason', async (kind, scriptPath, options, lib) => {
    // The page's only script is a file of its own origin.
    script(
      world.server,
      `/ffp/${kind}-page.js`,
      `window.violations = [];
       document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective + ' ' + e.blockedURI));
       window.worker = new Worker(${JSON.stringify(scriptPath)}, ${JSON.stringify(options)});${TALK_TO_WORKER}`,
    );
    const html = `<!doctype html><meta charset="utf-8"><title>strict ${kind}</title><script src="/ffp/${kind}-page.js"></script>`;
    const url = pageWithHeaders(world.server, `/ffp-${kind}.html`, html, { 'content-security-policy': STRICT_CSP });
    const { hooked, tabId, plain } = await openInBoth(url);
    const seen = (page: Page) =>
      page.evaluate(async () => {
        const w = window as unknown as { result: Promise<unknown>; viaPort: Promise<unknown>; violations: string[] };
        return { result: await w.result, viaPort: await w.viaPort, violations: w.violations };
      });
    const [withExtension, without] = await Promise.all([seen(hooked), seen(plain)]);
    const scriptUrl = `${world.server.httpUrl}/${scriptPath}`;
    expect(without).toEqual({
      result: {
        location: scriptUrl,
        locationString: scriptUrl,
        name: options.name,
        lib,
        fetched: { fetched: true },
        echo: JSON.stringify(['first', { second: [1, 2] }]),
      },
      viaPort: { via: 'port', after: 2 },
      violations: [],
    });
    // The worker is the same; the page's listeners also hear of the refused bootstrap (README, "Limits worth knowing").
    expect(withExtension).toEqual({ ...without, violations: ['worker-src blob'] });
    expect(await noticeNaming(world.db, `/ffp-${kind}.html`)).toContain(
      `Worker "${options.name}" ${scriptUrl} could not be captured: the page's Content Security Policy (worker-src) does not allow the blob: script capture starts workers from`,
    );
    const { connections } = await waitForStored(world.db, tabId, (stored) => stored.sessions.length > 0);
    expect(connections).toEqual([]);
    await hooked.close();
    await plain.close();
  });
});

describe('a dedicated worker whose script cannot be loaded', () => {
  beforeAll(() => serveUnloadable(world.server));

  test.each(UNLOADABLE_WORKERS.map((c, index) => [c.name, c, index] as const))(
    '%s: the page gets the error event it gets without the extension; listed as not started',
    async (_name, c, index) => {
      const url = failingWorkerPage(world.server, `/ff-unloadable-${index}.html`, c.scriptPath, c.options);
      const { hooked, tabId, plain } = await openInBoth(url);
      const seen = (page: Page) =>
        page.evaluate(async () => (await (window as unknown as { failed: Promise<void> }).failed, (window as unknown as { seen: string[] }).seen));
      const without = await seen(plain);
      expect(without).toEqual(['worker error Event']);
      expect(await seen(hooked)).toEqual(without);
      const notice = await noticeNaming(world.db, `/ff-unloadable-${index}.html`);
      // The notice comes after the page's error: still all the page got by then.
      expect(await seen(hooked)).toEqual(without);
      expect(notice).toContain(`Worker "${c.options.name}" ${world.server.httpUrl}/${c.scriptPath} ${c.notice}`);
      expect(notice).not.toContain('could not be captured');
      const { connections } = await waitForStored(world.db, tabId, (stored) => stored.sessions.length > 0);
      expect(connections).toEqual([]);
      await hooked.close();
      await plain.close();
    },
  );
});
