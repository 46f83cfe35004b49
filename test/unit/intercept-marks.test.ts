// Intercept marks and held notices as the background checks them (they come from the page world), and
// marks kept through a HAR export and import.
import { describe, expect, test } from 'vitest';
import { parseRelayEvent } from '../../src/shared/validate';
import { exportHar } from '../../src/shared/har/export';
import { parseHar } from '../../src/shared/har/parse';
import { importSteps } from '../../src/shared/har/to-records';
import { sampleSource } from '../fixtures/har/sample';
import type { InterceptMark } from '../../src/shared/intercept';
import { MarkSets, marksOf } from '../../src/panel/table/row-marks';

const message = {
  t: 'message',
  conn: 'c1',
  seq: 1,
  dir: 'send',
  time: 1,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size: 2, data: 'hi', truncated: false },
};
const mark: InterceptMark = {
  steps: [
    { action: 'held', by: 'Breakpoint' },
    { action: 'edited', by: 'Breakpoint' },
  ],
  original: { kind: 'binary', source: 'ArrayBuffer', size: 3, data: 'AQID', truncated: false },
};

describe('checks of what the page reports', () => {
  test('a message keeps a well-formed mark', () => {
    expect(parseRelayEvent({ ...message, mark })).toEqual({ ...message, mark });
  });

  test.each([
    ['no steps', { steps: [] }],
    ['an unknown action', { steps: [{ action: 'exploded', by: 'x' }] }],
    ['an extra field', { steps: [{ action: 'held', by: 'x' }], extra: 1 }],
    [
      'an original that is not base64',
      { steps: [{ action: 'modified', by: 'x' }], original: { kind: 'binary', source: 'Blob', size: 1, data: '!!!!', truncated: false } },
    ],
    [
      'a text original from a binary source',
      { steps: [{ action: 'modified', by: 'x' }], original: { kind: 'text', source: 'Blob', size: 1, data: 'a', truncated: false } },
    ],
    ['too many steps', { steps: Array.from({ length: 17 }, () => ({ action: 'held', by: 'x' })) }],
  ])('a message with %s is refused', (_what, bad) => {
    expect(parseRelayEvent({ ...message, mark: bad })).toBeNull();
  });

  test('held and released notices are checked', () => {
    const held = { t: 'held', conn: 'c1', hold: 'h1', dir: 'receive', time: 5, payload: message.payload };
    expect(parseRelayEvent(held)).toEqual(held);
    expect(parseRelayEvent({ t: 'released', conn: 'c1', hold: 'h1' })).toEqual({ t: 'released', conn: 'c1', hold: 'h1' });
    expect(parseRelayEvent({ ...held, dir: 'sideways' })).toBeNull();
    expect(parseRelayEvent({ ...held, hold: '' })).toBeNull();
    expect(parseRelayEvent({ t: 'released', conn: 'c1', hold: 'h1', rules: [] })).toBeNull();
  });
});

describe('HAR', () => {
  test('an export keeps the mark as _wsiIntercept, and an import reads it back', () => {
    const source = sampleSource();
    source.messages[0] = { ...source.messages[0]!, mark };
    const har = exportHar(source, { creatorVersion: 'test' });
    expect(har.log.entries[0]!._webSocketMessages![0]!._wsiIntercept).toEqual(mark);
    const parsed = parseHar(JSON.stringify(har));
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const imported = [
      ...importSteps(parsed.har, {
        fileName: 'x.har',
        newId: (() => {
          let id = 0;
          return () => `id${++id}`;
        })(),
      }),
    ].flatMap((step) => (step.t === 'messages' ? step.messages : []));
    expect(imported[0]!.mark).toEqual(mark);
    expect(imported.slice(1).every((record) => record.mark === undefined)).toBe(true);
  });

  test('an import refuses a malformed mark with its path', () => {
    const har = exportHar(sampleSource(), { creatorVersion: 'test' });
    (har.log.entries[0]!._webSocketMessages![0] as unknown as Record<string, unknown>)._wsiIntercept = { steps: 'lots' };
    const parsed = parseHar(JSON.stringify(har));
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).toContain('_wsiIntercept');
  });
});

describe('the table', () => {
  test('shows one mark per action, titled with who did it, and sizes the Marks column for them', () => {
    const payload = { kind: 'text' as const, source: 'string' as const, size: 2, truncated: false, preview: 'hi' };
    const row = {
      origin: 'page' as const,
      payload,
      mark: { steps: [...mark.steps, { action: 'held' as const, by: 'Breakpoint' }, { action: 'modified' as const, by: 'qty rule' }] },
    };
    expect(marksOf(row)).toEqual([
      { label: 'held', kind: 'intercept mark-held', title: 'held by Breakpoint, Breakpoint' },
      { label: 'edited', kind: 'intercept mark-edited', title: 'edited by Breakpoint' },
      { label: 'modified', kind: 'intercept mark-modified', title: 'modified by qty rule' },
    ]);
    expect([...new MarkSets().update([row, { origin: 'page', payload }])]).toEqual(['held\nedited\nmodified']);
  });
});
