import { defineConfig, type UserConfig } from 'vite';
import { crx } from '@crxjs/vite-plugin';
import { resolve } from 'node:path';
import { manifestFor, type TargetBrowser } from './scripts/manifest';
import { firstRowsScript } from './scripts/first-rows-script';
import { buildWorkerHook } from './scripts/worker-hook-build';

// One config, two targets: `vite build --mode chrome` → dist/chrome, `--mode firefox` → dist/firefox.
export default defineConfig(async ({ mode }): Promise<UserConfig> => {
  const browser: TargetBrowser = mode === 'firefox' ? 'firefox' : 'chrome';
  // Built first: the page hook carries it as a string to start workers with (src/page/workers/).
  const workerHookSource = await buildWorkerHook(mode);
  return {
    plugins: [crx({ manifest: manifestFor(browser), browser }), firstRowsScript(mode)],
    define: { WSI_WORKER_HOOK_SOURCE: JSON.stringify(workerHookSource) },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      // WSI_OUT_DIR lets parallel work build into its own folder without clobbering dist/.
      outDir: resolve(__dirname, process.env.WSI_OUT_DIR ?? 'dist', browser),
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      minify: false,
      rollupOptions: {
        input: {
          panel: resolve(__dirname, 'src/panel/index.html'),
          history: resolve(__dirname, 'src/panel/history.html'),
        },
      },
    },
    server: { port: 5178, strictPort: true, hmr: { port: 5178 } },
  };
});
