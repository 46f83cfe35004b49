// The simplest extension there is, written to a fresh folder: its static page is the paint floor that
// the panel's first paint is compared with (extension-page-paint.ts, panel-first-paint.ts). Beside it, a
// page whose one classic script file draws a row, as the panel's first script does, with nothing read:
// the least any page that draws its rows from a script pays (a page's CSP allows no inline script).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes the extension (manifest, empty worker, static.html with one row of text, script-row.html drawing one); returns its folder. */
export function writeStaticExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wsi-paint-ext-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ manifest_version: 3, name: 'paint floor', version: '1', background: { service_worker: 'worker.js' } }),
  );
  writeFileSync(join(dir, 'worker.js'), '');
  writeFileSync(join(dir, 'static.html'), '<!doctype html><meta charset="utf-8"><title>static</title><p>A row of text</p>');
  writeFileSync(join(dir, 'script-row.html'), '<!doctype html><meta charset="utf-8"><title>script row</title><body><script src="script-row.js"></script>');
  writeFileSync(
    join(dir, 'script-row.js'),
    "document.body.append(Object.assign(document.createElement('p'), { className: 'script-row', textContent: 'A row of text' }));",
  );
  return dir;
}
