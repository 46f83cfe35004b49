// `npm run package` output: the Chrome and Firefox store zips and the source zip for addons.mozilla.org.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { packageAll, type PackagedZips } from '../../scripts/package';
import { readZip } from '../../scripts/zip';
import { FIREFOX_DIST } from './firefox';
import { describeMessages, lintExtension } from './firefox-lint';

const DIST_ROOT = resolve(FIREFOX_DIST, '..');
const REPO_ROOT = resolve(import.meta.dirname, '../..');

let outDir: string;
let zips: PackagedZips;
beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'wsi-package-'));
  zips = packageAll({ distRoot: DIST_ROOT, outDir });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const namesIn = (zip: string): string[] =>
  readZip(readFileSync(zip))
    .map((entry) => entry.name)
    .sort();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((item) => item.isFile())
    .map((item) => relative(dir, join(item.parentPath, item.name)).split('\\').join('/'))
    .sort();
}

describe('npm run package', () => {
  test('names each zip after the product, the browser and the package version', () => {
    expect(Object.values(zips).map((zip) => basename(zip))).toEqual([
      `websocket-inspector-chrome-${pkg.version}.zip`,
      `websocket-inspector-firefox-${pkg.version}.zip`,
      `websocket-inspector-source-${pkg.version}.zip`,
    ]);
  });

  test.each(['chrome', 'firefox'] as const)('the %s zip holds exactly its build, manifest.json at the root', (browser) => {
    const names = namesIn(zips[browser]);
    expect(names).toContain('manifest.json');
    expect(names).toEqual(filesUnder(join(DIST_ROOT, browser)));
    const manifest = readZip(readFileSync(zips[browser])).find((entry) => entry.name === 'manifest.json')!;
    expect(Buffer.from(manifest.data)).toEqual(readFileSync(join(DIST_ROOT, browser, 'manifest.json')));
  });

  test('web-ext lint, reading the Firefox zip itself, finds no errors', async () => {
    const report = await lintExtension(zips.firefox);
    expect(describeMessages(report.errors)).toEqual([]);
  });

  test('the source zip holds the tracked sources with the build instructions, and nothing built or installed', () => {
    const names = namesIn(zips.source);
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const required of ['README.md', 'package.json', 'package-lock.json', 'manifest.json', 'vite.config.ts', 'scripts/manifest.ts']) {
      expect(names).toContain(required);
    }
    expect(names.every((name) => tracked.includes(name))).toBe(true);
    expect(names.filter((name) => /^(node_modules|dist|artifacts)\//.test(name))).toEqual([]);
  });

  test('packaging twice gives byte-identical zips, so a rebuild from the source zip can be compared', () => {
    const again = packageAll({ distRoot: DIST_ROOT, outDir: mkdtempSync(join(outDir, 'again-')) });
    expect(readFileSync(again.firefox).equals(readFileSync(zips.firefox))).toBe(true);
  });
});
