// How soon Chromium paints an extension page at all, here: the floor under the panel's first paint
// (bench/panel-100k.ts). A throwaway extension holds two pages: static HTML text, and the same text
// written by one module script (as the panel renders its rows). Time from navigation start to the
// first contentful paint (Paint Timing), median and range of ROUNDS openings each, alternating.
//   node --import tsx bench/extension-page-paint.ts
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, QUIET_CHROMIUM_ARGS } from '../test/e2e/chromium';
import { writeStaticExtension } from './static-extension';

const ROUNDS = Number(process.env.PAINT_ROUNDS ?? 9);
const PAGES = { 'static text': 'static.html', 'text from a module script': 'scripted.html' };

const dir = writeStaticExtension();
writeFileSync(join(dir, 'scripted.html'), '<!doctype html><meta charset="utf-8"><title>scripted</title><script type="module" src="row.js"></script>');
writeFileSync(join(dir, 'row.js'), "document.body.append(Object.assign(document.createElement('p'), { textContent: 'A row of text' }));");
const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-paint-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...QUIET_CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const painted = new Map<string, number[]>(Object.keys(PAGES).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const [name, file] of Object.entries(PAGES)) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      const time = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            new PerformanceObserver((list) => {
              const entry = list.getEntries().find((candidate) => candidate.name === 'first-contentful-paint');
              if (entry) resolve(entry.startTime);
            }).observe({ type: 'paint', buffered: true }),
          ),
      );
      if (round > 0) painted.get(name)!.push(time); // the first round warms the browser up
      await page.close();
    }
  }
  console.log(`Extension page, navigation start → first contentful paint, ${ROUNDS} openings each (headless Chromium)`);
  console.log('| page | median | range |');
  console.log('| --- | ---: | ---: |');
  for (const [name, times] of painted) {
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`| ${name} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms | ${sorted[0]!.toFixed(0)}-${sorted.at(-1)!.toFixed(0)} ms |`);
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}
