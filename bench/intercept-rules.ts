// What intercept costs the capture: this build with no rule (the "extension" row), the same build with
// ten enabled rules that match nothing (text, regular-expression and JSON-field conditions on every
// socket, both directions), and any other builds named on the command line, e.g. main, in one run
// (the capture workloads of echo-throughput.ts, contenders alternating).
//   node --import tsx bench/intercept-rules.ts main=/tmp/wsi-main/dist/chrome
import { CHROME_DIST } from '../test/e2e/chromium';
import type { Rule } from '../src/shared/intercept';
import { compareCapture, type Build } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import type { UndrivenBrowser } from './undriven/browser';
import { BINARY_ECHO, FLOOD, TEXT_ECHO } from './undriven/workloads';

const never = (index: number, partial: Pick<Rule, 'condition' | 'action'>): Rule => ({
  id: `never-${index}`,
  name: `never ${index}`,
  enabled: true,
  site: '',
  direction: 'both',
  url: '',
  ...partial,
});

/** Ten rules that fit every socket and match no message of the workloads. */
export const TEN_NON_MATCHING_RULES: Rule[] = [
  ...[0, 1, 2, 3].map((index) => never(index, { condition: { kind: 'text', text: `zz-never-${index}` }, action: { kind: 'drop' } })),
  ...[4, 5, 6].map((index) =>
    never(index, {
      condition: { kind: 'regex', pattern: `never-(\\d+)-${index}`, flags: '' },
      action: { kind: 'replace', find: 'x', regex: false, flags: '', replacement: 'y' },
    }),
  ),
  ...[7, 8, 9].map((index) => never(index, { condition: { kind: 'json', path: `never.field${index}`, value: 'x' }, action: { kind: 'delay', ms: 10 } })),
];

async function storeRules(browser: UndrivenBrowser): Promise<void> {
  const page = await browser.openExtensionPage('src/panel/history.html');
  const store = `chrome.storage.local.set(${JSON.stringify({ interceptRules: TEN_NON_MATCHING_RULES })}).then(() => true)`;
  // The tab may still be loading (no extension API yet, or its context replaced by the navigation): try again.
  for (let attempt = 0; ; attempt++) {
    const stored = await page.evaluate<boolean>(`globalThis.chrome?.storage?.local ? ${store} : false`).catch(() => false);
    if (stored) break;
    if (attempt === 100) throw new Error('could not store the rules');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.close();
}

const builds: Build[] = [...parseBuilds(process.argv.slice(2)), { name: 'ten rules, no match', dir: CHROME_DIST, setup: storeRules }];
await compareCapture([FLOOD, TEXT_ECHO, BINARY_ECHO], builds);
