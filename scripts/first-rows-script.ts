// The DevTools panel's first rows as a classic script (src/panel/first-rows-early.ts built into one file),
// run from the end of the panel page's body while the page is parsed: the first read starts there and
// the rows are drawn with no module file fetched. The page's module entry (and the modulepreload links
// Vite puts beside it) would be fetched and run at the same time and hold the drawing up, so this
// script loads the entry itself once the drawing has painted: Vite's tags for it are taken out of the
// page, the entry's address handed to the script in `data-entry` and the modules Vite preloads beside
// it in `data-preload`, which the script preloads then. MV3 forbids inline scripts, so
// the script is a file of its own. Only a build has it: under a dev server the page keeps its module
// entry, which then starts the first rows itself.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { buildIife } from './iife-build';

const SCRIPT_FILE = 'assets/first-rows-early.js';
const PANEL_HTML = resolve(import.meta.dirname, '../src/panel/index.html');
const MODULE_TAGS = /\s*<script type="module"[^>]*><\/script>|\s*<link rel="modulepreload"[^>]*>/g;
const PRELOADED = /<link rel="modulepreload"[^>]* href="([^"]+)"[^>]*>/g;

export function firstRowsScript(mode: string): Plugin {
  let source: Promise<string> | undefined;
  return {
    name: 'wsi-first-rows-script',
    apply: 'build',
    buildStart() {
      source = buildIife({ entry: resolve(import.meta.dirname, '../src/panel/first-rows-early.ts'), mode });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: SCRIPT_FILE, source: await source! });
    },
    transformIndexHtml: {
      // After Vite has put in the tags of the bundled entry.
      order: 'post',
      handler(html, { filename, chunk }) {
        if (resolve(filename) !== PANEL_HTML) return undefined;
        if (!chunk) throw new Error(`${filename}: no module entry to hand to the first rows' script`);
        const page = withFirstRowsScript(html, chunk.fileName);
        return { html: page.html, tags: [{ tag: 'script', attrs: page.scriptAttributes, injectTo: 'body' }] };
      },
    },
  };
}

/** The built page without Vite's module tags, and the attributes of the script that loads the entry (`entryFile`) in their place. */
export function withFirstRowsScript(html: string, entryFile: string): { html: string; scriptAttributes: Record<string, string> } {
  if (!html.includes(`src="/${entryFile}"`)) throw new Error(`no module entry tag for ${entryFile} to hand to the first rows' script`);
  const withoutModules = html.replace(MODULE_TAGS, '');
  // A tag written otherwise would load the entry beside the drawing again, silently.
  if (/type="module"|rel="modulepreload"/.test(withoutModules)) throw new Error(`a module tag was left in the panel page: ${withoutModules}`);
  const preloads = [...html.matchAll(PRELOADED)].map((match) => match[1]!);
  return { html: withoutModules, scriptAttributes: { src: `/${SCRIPT_FILE}`, 'data-entry': `/${entryFile}`, 'data-preload': preloads.join(' ') } };
}
