// `npm run demo -- --headless`, the quick start's main job as CI can run it: it serves the live feeds,
// captures them in Chromium with the extension, writes a screenshot of the panel and prints what it captured.
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

test('the headless demo captures every feed, names its screenshot and exits cleanly', async () => {
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--headless'], { cwd: ROOT, timeout: 100_000 });
  const line = (feed: string) => stdout.split('\n').find((text) => text.includes(`/${feed}  `)) ?? '';
  expect(line('chat')).toMatch(/open {2}sent [1-9]\d*, received [1-9]/);
  expect(line('ticker')).toMatch(/open {2}sent 0, received [1-9]\d*/);
  expect(line('binary')).toMatch(/open {2}sent \d+, received [1-9]/);
  expect(line('api')).toMatch(/open {2}sent [1-9]\d*, received [1-9]/);
  expect(stdout).toContain('Intercept examples: 3 rules, switched off (panel → Rules)');
  expect(line('closer')).toMatch(/closed {2}sent 0, received [1-9]\d* {2}closed 4001 "demo: session expired"/);
  // The worker's socket and the WebSocketStream.
  expect(line('prices')).toMatch(/open {2}sent 1, received [1-9]/);
  expect(line('stream')).toMatch(/open {2}sent 3, received 3/);

  // The panel in the screenshot had loaded the captured rows.
  expect(stdout).toMatch(/Panel table: ([1-9][\d,]*) \/ \1 messages shown/);

  const screenshot = /Panel screenshot: (.+\.png)/.exec(stdout)?.[1];
  expect(screenshot).toBeDefined();
  expect(statSync(screenshot!).mtimeMs).toBeGreaterThanOrEqual(started);
  expect(readFileSync(screenshot!).subarray(1, 4).toString('latin1')).toBe('PNG');
});
