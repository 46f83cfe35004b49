// The simplest extension there is, written to a fresh folder: its static page is the paint floor that
// the panel's first paint is compared with (extension-page-paint.ts, panel-first-paint.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes the extension (manifest, empty worker, static.html with one row of text); returns its folder. */
export function writeStaticExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsi-paint-ext-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'paint floor', version: '1', background: { service_worker: 'worker.js' } }),
  );
  writeFileSync(join(dir, 'worker.js'), '');
  writeFileSync(join(dir, 'static.html'), '<!doctype html><meta charset="utf-8"><title>static</title><p>A row of text</p>');
  return dir;
}
