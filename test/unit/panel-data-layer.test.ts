// The panel reads stored data through one layer (src/panel/data.ts): no component or dialog opens
// IndexedDB itself. The HAR import worker and the history search worker open their own connection, off the page's thread.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const PANEL = join(import.meta.dirname, '../../src/panel');
const OPENS_DATABASE = /\bdatabase\(|new Dexie\b|\bindexedDB\b|\bopenDatabase\b/;
const ALLOWED = new Set(['data.ts', 'har/import.worker.ts', 'search/search.worker.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

test('only the data layer (and the import and search workers) open IndexedDB in src/panel', () => {
  const opening = sourceFiles(PANEL)
    .map((path) => relative(PANEL, path))
    .filter((path) => !ALLOWED.has(path) && OPENS_DATABASE.test(readFileSync(join(PANEL, path), 'utf8')));
  expect(opening).toEqual([]);
});

test('the check finds a database opened elsewhere', () => {
  expect(OPENS_DATABASE.test('const rows = await payloadsOf(database(), ids);')).toBe(true);
  expect(OPENS_DATABASE.test('indexedDB.open("x")')).toBe(true);
});
