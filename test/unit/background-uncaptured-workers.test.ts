import { describe, expect, test } from 'vitest';
import { uncapturedWorkersNotice } from '../../src/background/uncaptured-worker-notice';
import type { UncapturedWorker } from '../../src/shared/messages';

const worker = (scriptUrl: string, name = '', kind: 'dedicated' | 'shared' = 'dedicated'): UncapturedWorker => ({
  t: 'worker-uncaptured',
  time: 1,
  worker: { kind, scriptUrl, name },
  reason: 'the reason',
});

describe('uncapturedWorkersNotice', () => {
  test('names each worker, its kind, name and reason, and the frame; beyond five it counts', () => {
    expect(uncapturedWorkersNotice('https://a/', [worker('https://a/w.js', 'feed'), worker('https://a/s.js', '', 'shared')])).toBe(
      'Worker "feed" https://a/w.js could not be captured: the reason; Shared worker https://a/s.js could not be captured: the reason (in https://a/; it runs as without the extension, its sockets unseen).',
    );
    const many = Array.from({ length: 8 }, (_, i) => worker(`https://a/${i}.js`));
    expect(uncapturedWorkersNotice('https://a/', many)).toMatch(/4\.js could not be captured: the reason; and 3 more \(in https:\/\/a\//);
  });

  test('a worker that did not start is named as such, and the others alone are said to run', () => {
    const failed: UncapturedWorker = { ...worker('https://a/gone.js', 'gone'), reason: 'its script could not be loaded', notStarted: true };
    expect(uncapturedWorkersNotice('https://a/', [failed])).toBe(
      'Worker "gone" https://a/gone.js did not start: its script could not be loaded (in https://a/).',
    );
    expect(uncapturedWorkersNotice('https://a/', [failed, worker('https://a/w.js')])).toBe(
      'Worker "gone" https://a/gone.js did not start: its script could not be loaded; Worker https://a/w.js could not be captured: the reason (in https://a/; it runs as without the extension, its sockets unseen).',
    );
  });

  test('where deep capture exists (Chromium), a notice naming a Shared Worker says how to capture its sockets', () => {
    const hint = ' Turn on Deep capture (workers) in the panel to capture Shared Workers’ sockets.';
    expect(uncapturedWorkersNotice('https://a/', [worker('https://a/s.js', '', 'shared')], { deepCapture: true }).endsWith(hint)).toBe(true);
    expect(uncapturedWorkersNotice('https://a/', [worker('https://a/w.js')], { deepCapture: true })).not.toContain('Deep capture');
    expect(uncapturedWorkersNotice('https://a/', [worker('https://a/s.js', '', 'shared')])).not.toContain('Deep capture');
  });
});
