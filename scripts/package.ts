// `npm run package`: store-ready zips of dist/chrome and dist/firefox (manifest at the zip root),
// plus the source zip addons.mozilla.org asks for when a listing ships bundled code.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createZip, type ZipEntry } from './zip';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const PRODUCT = 'websocket-inspector';
/** Never part of the source upload, even if someone tracks them by mistake. */
const EXCLUDED_SOURCE_DIRS = ['node_modules/', 'dist/', 'artifacts/', '.tmp/'];

export interface PackageOptions {
  /** Folder holding chrome/ and firefox/ builds; dist/ (or $WSI_OUT_DIR) by default. */
  distRoot?: string;
  /** Where the zips go; artifacts/ by default. */
  outDir?: string;
  repoRoot?: string;
}

export interface PackagedZips {
  chrome: string;
  firefox: string;
  source: string;
}

export function packageAll(options: PackageOptions = {}): PackagedZips {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const distRoot = options.distRoot ?? resolve(repoRoot, process.env.WSI_OUT_DIR ?? 'dist');
  const outDir = options.outDir ?? resolve(repoRoot, 'artifacts');
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  mkdirSync(outDir, { recursive: true });
  const write = (kind: string, entries: ZipEntry[]): string => {
    const path = join(outDir, `${PRODUCT}-${kind}-${version}.zip`);
    writeFileSync(path, createZip(entries));
    return path;
  };
  return {
    chrome: write('chrome', buildEntries(join(distRoot, 'chrome'), version)),
    firefox: write('firefox', buildEntries(join(distRoot, 'firefox'), version)),
    source: write('source', sourceEntries(repoRoot)),
  };
}

/** Every file of one browser's build, relative to it, so manifest.json sits at the zip root. */
function buildEntries(buildDir: string, version: string): ZipEntry[] {
  const manifestPath = join(buildDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No build at ${buildDir}: run npm run build first`);
  const built = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string }).version;
  if (built !== version) throw new Error(`${manifestPath} is version ${built}, package.json says ${version}: rebuild`);
  return filesUnder(buildDir).map((path) => ({ name: toZipName(relative(buildDir, path)), data: readFileSync(path) }));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    // Dot files (editor and tool state) never belong in a store upload.
    if (item.name.startsWith('.')) return [];
    const path = join(dir, item.name);
    return item.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The tracked sources as in the working tree, which README.md explains how to build. */
function sourceEntries(repoRoot: string): ZipEntry[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((name) => name !== '' && !EXCLUDED_SOURCE_DIRS.some((dir) => name.startsWith(dir)));
  // A tracked file deleted in the working tree is not part of these sources.
  const present = tracked.filter((name) => existsSync(join(repoRoot, name)) && statSync(join(repoRoot, name)).isFile());
  for (const required of ['README.md', 'package.json', 'package-lock.json']) {
    if (!present.includes(required)) throw new Error(`source zip needs ${required}, which git does not track`);
  }
  return present.map((name) => ({ name, data: readFileSync(join(repoRoot, name)) }));
}

function toZipName(path: string): string {
  return path.split(sep).join('/');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [kind, path] of Object.entries(packageAll())) console.log(`${kind.padEnd(8)} ${relative(process.cwd(), path)}`);
}
