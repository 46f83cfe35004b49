// Derives each browser's manifest from the one manifest.json at the top level.
import baseManifest from '../manifest.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

export const GECKO_ID = 'websocket-inspector@websocket-inspector.dev';

import type { ManifestV3Export } from '@crxjs/vite-plugin';

type Manifest = Record<string, unknown> & { manifest_version: 3; name: string; version: string };

export function manifestFor(browser: TargetBrowser): ManifestV3Export & Manifest {
  const manifest = structuredClone(baseManifest) as unknown as ManifestV3Export & Manifest;
  manifest.version = pkg.version;
  if (browser === 'chrome') return manifest;
  // Firefox MV3 has no extension service worker: the same module runs as an event page.
  const background = manifest.background as { service_worker: string };
  manifest.background = { scripts: [background.service_worker], type: 'module' };
  delete manifest.minimum_chrome_version;
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: '128.0',
      data_collection_permissions: { required: ['none'] },
    },
  };
  return manifest;
}
