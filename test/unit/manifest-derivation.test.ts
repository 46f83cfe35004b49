import { describe, expect, test } from 'vitest';
import baseManifest from '../../manifest.json' with { type: 'json' };
import pkg from '../../package.json' with { type: 'json' };
import { FIREFOX_MIN_VERSION, GECKO_ID, manifestFor } from '../../scripts/manifest';

// What both browsers must share: anything missing on one side is a feature missing there (permissions
// differ by Chrome's debugger alone, tested below).
const SHARED_KEYS = [
  'manifest_version',
  'name',
  'short_name',
  'version',
  'description',
  'icons',
  'host_permissions',
  'devtools_page',
  'action',
  'content_scripts',
] as const;

describe('manifestFor', () => {
  const chrome = manifestFor('chrome');
  const firefox = manifestFor('firefox');

  test('Chrome gets manifest.json as written, with the package version and the debugger permission (deep capture of workers)', () => {
    expect(chrome).toEqual({ ...baseManifest, version: pkg.version, permissions: [...baseManifest.permissions, 'debugger'] });
  });

  test('Firefox gets the permissions of manifest.json, without the debugger (it has no such API), with filterResponseData’s for Shared Workers’ scripts', () => {
    expect(firefox.permissions).toEqual([
      ...baseManifest.permissions,
      'webRequestBlocking',
      'webRequestFilterResponse',
      'webRequestFilterResponse.serviceWorkerScript',
    ]);
  });

  test('Firefox gets the same features as Chrome', () => {
    for (const key of SHARED_KEYS) expect(firefox[key], key).toEqual(chrome[key]);
  });

  test('Firefox runs the background module as an event page: it has no extension service worker', () => {
    expect(firefox.background).toEqual({ scripts: [baseManifest.background.service_worker], type: 'module' });
  });

  test('Firefox gets a stable add-on id, the minimum version for MAIN-world scripts, and declares no data collection', () => {
    expect(firefox.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    });
    expect(Number.parseFloat(FIREFOX_MIN_VERSION)).toBeGreaterThanOrEqual(128);
  });

  test('Firefox drops keys only Chrome reads', () => {
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox).not.toHaveProperty('message_serialization');
  });

  test('Chrome structured-clones runtime messages, so it needs Chrome 148 or later', () => {
    // The relay posts binary payloads as ArrayBuffers: under JSON messaging they would arrive as {}.
    expect(chrome.message_serialization).toBe('structured_clone');
    expect(Number(chrome.minimum_chrome_version)).toBeGreaterThanOrEqual(148);
  });

  test('deriving one manifest leaves the other untouched', () => {
    manifestFor('firefox');
    expect(manifestFor('chrome')).toEqual(chrome);
  });
});
