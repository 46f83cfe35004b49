// Builds the worker hook (src/page/workers/worker-hook.ts) into one self-contained script and returns its
// text. The page hook starts each worker through a bootstrap made of this text (src/page/workers/bootstrap.ts),
// so it travels inside the page hook as a string constant, WSI_WORKER_HOOK_SOURCE (vite.config.ts `define`,
// which crxjs passes on to the content scripts' own IIFE builds).
import { resolve } from 'node:path';
import { WORKER_HOOK_GLOBAL } from '../src/shared/worker-boot';
import { buildIife } from './iife-build';

export function buildWorkerHook(mode: string): Promise<string> {
  // It travels as a string inside the page hook, which every frame parses: a third of the size minified.
  return buildIife({ entry: resolve(import.meta.dirname, '../src/page/workers/worker-hook.ts'), mode, name: WORKER_HOOK_GLOBAL, minify: true });
}
