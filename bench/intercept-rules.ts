// What intercept costs the capture (issue 15 part 6, "free when off"), in one run, on pages nothing
// drives, contenders alternating in every round (bench/undriven/compare.ts):
//   extension             this build (dist/chrome), no rule stored
//   without intercept     the same source with intercept compiled out of the page hook (a throwaway
//                         build: the socket wrapper never asks the gate, no interceptor is installed)
//   ten rules, no match   this build with TEN_NON_MATCHING_RULES stored
// and any other builds named. Besides the usual table it prints, per workload, the ratios round by round
// (each round runs the contenders one after the other, so a shared machine's drift hits them alike):
// extension ÷ without intercept (no change expected) and ten rules ÷ extension (target ≤ 1.05).
//   BENCH_ROUNDS=9 node --import tsx bench/intercept-rules.ts [NAME=FOLDER …]   (after npm run build)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_DIST } from '../test/e2e/chromium';
import type { Rule } from '../src/shared/intercept';
import { compareCapture, type Build } from './undriven/compare';
import { parseBuilds } from './undriven/builds';
import type { UndrivenBrowser } from './undriven/browser';
import { buildVariant } from './undriven/variant-build';
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

/**
 * Ten rules that fit every socket and match no message of the workloads: four text, two regular-expression,
 * two JSON-field and two protocol-field conditions (JSON-RPC's reader keeps state, so it reads every message).
 */
export const TEN_NON_MATCHING_RULES: Rule[] = [
  ...[0, 1, 2, 3].map((index) => never(index, { condition: { kind: 'text', text: `zz-never-${index}` }, action: { kind: 'drop' } })),
  ...[4, 5].map((index) =>
    never(index, {
      condition: { kind: 'regex', pattern: `never-(\\d+)-${index}`, flags: '' },
      action: { kind: 'replace', find: 'x', regex: false, flags: '', replacement: 'y' },
    }),
  ),
  ...[6, 7].map((index) => never(index, { condition: { kind: 'json', path: `never.field${index}`, value: 'x' }, action: { kind: 'delay', ms: 10 } })),
  never(8, { condition: { kind: 'protocol', protocol: 'socket.io', field: 'event', value: 'never' }, action: { kind: 'drop' } }),
  never(9, { condition: { kind: 'protocol', protocol: 'json-rpc', field: 'method', value: 'never' }, action: { kind: 'duplicate', copies: 1 } }),
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

const WITHOUT = 'without intercept';
const TEN_RULES = 'ten rules, no match';

const outRoot = mkdtempSync(join(tmpdir(), 'wsi-intercept-'));
try {
  const withoutIntercept = buildVariant(
    WITHOUT,
    [
      { file: 'src/page/socket-wrapper.ts', find: 'gate.active && ', replacement: 'false && ', everywhere: true },
      { file: 'src/page/hook.iife.ts', find: 'installInterceptor((event) => channel.emit(event))', replacement: '{ handle: () => false }' },
    ],
    outRoot,
  );
  const builds: Build[] = [withoutIntercept, { name: TEN_RULES, dir: CHROME_DIST, setup: storeRules }, ...parseBuilds(process.argv.slice(2))];
  await compareCapture([FLOOD, TEXT_ECHO, BINARY_ECHO], builds, [
    { a: 'extension', b: WITHOUT },
    { a: TEN_RULES, b: 'extension', max: 1.05 },
  ]);
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
