// Throwaway Chrome builds of the working tree with a few lines rewritten, for benches that compare a
// change against the same source without it (a rewrite whose text is gone fails the bench rather
// than measure the unchanged build). crxjs builds the hook apart, out of reach of a Vite plugin, so
// each variant is built from its own copy of the sources.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Build } from './compare';

const ROOT = resolve(import.meta.dirname, '../..');
/** What a Chrome build reads besides node_modules. */
const BUILD_INPUTS = ['src', 'public', 'scripts', 'manifest.json', 'package.json', 'tsconfig.json', 'vite.config.ts'];

export interface Rewrite {
  file: string;
  find: string;
  replacement: string;
  /** Every occurrence (at least one), not only the first. */
  everywhere?: boolean;
}

/** The environment without WSI_OUT_DIR, so that each variant builds into its own folder. */
const { WSI_OUT_DIR: _outDir, ...ENV } = process.env;

export function buildVariant(name: string, rewrites: Rewrite[], outRoot: string): Build {
  const tree = join(outRoot, `${name.replace(/\W+/g, '-')}-source`);
  for (const input of BUILD_INPUTS) cpSync(join(ROOT, input), join(tree, input), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  for (const { file, find, replacement, everywhere } of rewrites) {
    const path = join(tree, file);
    const code = readFileSync(path, 'utf8');
    if (!code.includes(find)) throw new Error(`${file} no longer has what the "${name}" variant rewrites:\n${find}`);
    writeFileSync(path, everywhere ? code.split(find).join(replacement) : code.replace(find, replacement));
  }
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--mode', 'chrome', '--logLevel', 'warn'], {
    cwd: tree,
    env: ENV,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error(`the "${name}" build failed`);
  return { name, dir: join(tree, 'dist', 'chrome') };
}
