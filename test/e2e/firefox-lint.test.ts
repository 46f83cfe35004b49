import { expect, test } from 'vitest';
import { FIREFOX_DIST } from './firefox';
import { describeMessages, lintExtension } from './firefox-lint';

// data_collection_permissions (Firefox 140+) is required on addons.mozilla.org, while MAIN-world
// content scripts only need 128; older Firefox ignores the key, so the linter merely warns.
const EXPECTED_MANIFEST_WARNINGS = ['KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION', 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION'];

test('web-ext lint finds no errors in the Firefox build and no unexpected manifest warnings', async () => {
  const report = await lintExtension(FIREFOX_DIST);
  expect(describeMessages(report.errors)).toEqual([]);
  const manifestWarnings = report.warnings.filter((w) => w.file === 'manifest.json');
  expect(describeMessages(manifestWarnings.filter((w) => !EXPECTED_MANIFEST_WARNINGS.includes(w.code)))).toEqual([]);
});
