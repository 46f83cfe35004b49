// Derives each browser's manifest from the one manifest.json at the top level.
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import baseManifest from '../manifest.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

export const GECKO_ID = 'websocket-inspector@websocket-inspector.dev';

/** MAIN-world content scripts and match_origin_as_fallback arrived in Firefox 128. */
export const FIREFOX_MIN_VERSION = '128.0';

/**
 * Keys only Chrome reads; Firefox would ignore them with a warning. message_serialization: Chrome 148+
 * structured-clones runtime messages instead of JSON (Firefox always does), several times cheaper
 * for the large payload strings the relay posts; older Chrome ignores it and the strings still travel.
 */
const CHROME_ONLY_KEYS = ['minimum_chrome_version', 'message_serialization'] as const;

/**
 * Chrome's debugger, for deep capture of shared and service workers' sockets (off until a panel turns it
 * on). Chrome refuses it as an optional permission ("Only permissions specified in the manifest may be
 * requested", Chromium 156), so it is a plain one; Firefox has no such API.
 */
const CHROME_ONLY_PERMISSIONS = ['debugger'];

/**
 * Firefox: filterResponseData, to put the worker hook in front of Shared and Service Workers' scripts
 * (src/background/shared-worker-scripts.ts). MV3 asks for the first two; a Service Worker's script
 * also needs the third (without it Firefox 153 refuses its filter: "Invalid request ID"). Chrome has
 * none of them for extensions.
 */
const FIREFOX_ONLY_PERMISSIONS = ['webRequestBlocking', 'webRequestFilterResponse', 'webRequestFilterResponse.serviceWorkerScript'];

type Manifest = Record<string, unknown> & { manifest_version: 3; name: string; version: string; permissions: string[] };

export function manifestFor(browser: TargetBrowser): ManifestV3Export & Manifest {
  const manifest = structuredClone(baseManifest) as unknown as ManifestV3Export & Manifest;
  manifest.version = pkg.version;
  if (browser === 'chrome') {
    manifest.permissions = [...manifest.permissions, ...CHROME_ONLY_PERMISSIONS];
    return manifest;
  }
  for (const key of CHROME_ONLY_KEYS) delete manifest[key];
  manifest.permissions = [...manifest.permissions, ...FIREFOX_ONLY_PERMISSIONS];
  // Firefox MV3 has no extension service worker: the same module runs as an event page.
  const { service_worker, type } = manifest.background as { service_worker: string; type?: 'module' };
  manifest.background = { scripts: [service_worker], ...(type ? { type } : {}) };
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // Required for new listings on addons.mozilla.org: we collect nothing.
      data_collection_permissions: { required: ['none'] },
    },
  };
  return manifest;
}
