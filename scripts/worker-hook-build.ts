// Builds the worker hook (src/page/workers/worker-hook.ts) into one self-contained script and returns its
// text. The page hook starts each worker through a bootstrap made of this text (src/page/workers/bootstrap.ts),
// so it travels inside the page hook as a string constant, WSI_WORKER_HOOK_SOURCE (vite.config.ts `define`,
// which crxjs passes on to the content scripts' own IIFE builds).
import { build, type Rollup } from 'vite';
import { resolve } from 'node:path';
import { WORKER_HOOK_GLOBAL } from '../src/page/workers/hook-global';

export async function buildWorkerHook(mode: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    mode,
    build: {
      write: false,
      target: 'es2022',
      // It travels as a string inside the page hook, which every frame parses: a third of the size minified.
      minify: true,
      sourcemap: false,
      lib: { entry: resolve(import.meta.dirname, '../src/page/workers/worker-hook.ts'), formats: ['iife'], name: WORKER_HOOK_GLOBAL },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = results.flatMap((result) => result.output).find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error('the worker hook build produced no script');
  return chunk.code;
}
