// The message table's parts without a browser: column layout and its storing, the status bar's running totals, the Marks column's
// mark sets, and what each "Copy as" format puts on the clipboard.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { ConnectionRecord } from '../../src/shared/models';
import { ColumnSlice } from '../../src/panel/table/column-slice';
import { DEFAULT_LAYOUT, gridTemplate, normalizeLayout, placeColumns, withColumnShown, withColumnWidth } from '../../src/panel/table/columns';
import { formatForCopy, type CopyFormat } from '../../src/panel/table/copy-formats';
import { MarkSets } from '../../src/panel/table/row-marks';
import { describeTotals, emptyTotals, addToTotals } from '../../src/panel/table/status-totals';

let nextId = 1;
function row(overrides: Partial<StoredMessage> & { text?: string } = {}): StoredMessage {
  const text = overrides.text ?? 'x';
  return {
    id: nextId++,
    sessionId: 's',
    connectionId: 'c',
    seq: 1,
    direction: 'receive',
    time: 1000,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: new TextEncoder().encode(text).length, truncated: false, preview: text },
    ...overrides,
  };
}

describe('column layout', () => {
  test('by default: Direction, Time, Type, Size and Data; Marks only when some row has a mark, as wide as it needs', () => {
    expect(placeColumns(DEFAULT_LAYOUT, 0).map((c) => c.spec.id)).toEqual(['direction', 'time', 'type', 'size', 'data']);
    const withMarks = placeColumns(DEFAULT_LAYOUT, 57);
    expect(withMarks.map((c) => [c.spec.id, c.width])).toContainEqual(['marks', 57]);
    expect(gridTemplate(placeColumns(DEFAULT_LAYOUT, 0))).toBe('22px 96px 100px 64px minmax(60px, 1fr)');
  });

  test('Data takes the width left; with Data hidden the last column shown does', () => {
    const noData = withColumnShown(DEFAULT_LAYOUT, 'data', false);
    expect(gridTemplate(placeColumns(noData, 0))).toBe('22px 96px 100px minmax(30px, 1fr)');
  });

  test('widths are clamped to the column minimum and a maximum; the flexible column has none to set', () => {
    expect(withColumnWidth(DEFAULT_LAYOUT, 'time', 3).widths.time).toBe(40);
    expect(withColumnWidth(DEFAULT_LAYOUT, 'time', 1e9).widths.time).toBe(2000);
    expect(withColumnWidth(DEFAULT_LAYOUT, 'time', 150.6).widths.time).toBe(151);
    expect(withColumnWidth(DEFAULT_LAYOUT, 'data', 300)).toBe(DEFAULT_LAYOUT);
    expect(withColumnWidth(DEFAULT_LAYOUT, 'time', NaN)).toBe(DEFAULT_LAYOUT);
  });

  test('a width set for Marks keeps it shown, even with no marks', () => {
    const layout = withColumnWidth(DEFAULT_LAYOUT, 'marks', 80);
    expect(placeColumns(layout, 0).find((c) => c.spec.id === 'marks')?.width).toBe(80);
    expect(placeColumns(withColumnShown(layout, 'marks', false), 90).some((c) => c.spec.id === 'marks')).toBe(false);
  });

  test('the last column shown cannot be hidden', () => {
    let layout = DEFAULT_LAYOUT;
    for (const id of ['direction', 'time', 'type', 'size', 'latency', 'marks', 'summary'] as const) layout = withColumnShown(layout, id, false);
    const onlyData = layout;
    expect(withColumnShown(onlyData, 'data', false)).toBe(onlyData);
    expect(placeColumns(onlyData, 0).map((c) => c.spec.id)).toEqual(['data']);
    // Marks and Summary are left out when empty, so with only them shown Data cannot go either.
    const dataAndMarks = withColumnShown(onlyData, 'marks', true);
    expect(withColumnShown(dataAndMarks, 'data', false)).toBe(dataAndMarks);
  });

  test('a stored layout keeps what is valid and drops the rest', () => {
    expect(normalizeLayout(undefined)).toEqual(DEFAULT_LAYOUT);
    expect(normalizeLayout('junk')).toEqual(DEFAULT_LAYOUT);
    expect(
      normalizeLayout({
        hidden: ['time', 'nonsense', 'time', 7],
        widths: { size: 90, type: 'wide', data: 500, bogus: 3, connection: -5 },
        timeFormat: 'delta',
      }),
    ).toEqual({ hidden: ['time'], widths: { size: 90, connection: 40 }, timeFormat: 'delta' });
    expect(normalizeLayout({ timeFormat: 'sundial' }).timeFormat).toBe('clock');
    const everyColumn = ['direction', 'time', 'connection', 'type', 'opcode', 'size', 'latency', 'marks', 'summary', 'data'];
    expect(normalizeLayout({ hidden: everyColumn }).hidden).toEqual(DEFAULT_LAYOUT.hidden);
  });
});

describe('the stored layout', () => {
  afterEach(() => vi.useRealTimers());
  const storage = (stored: unknown) => {
    const writes: unknown[] = [];
    return { writes, read: async () => stored, write: async (layout: unknown) => void writes.push(layout) };
  };

  test('the stored layout applies when read; changes are written once, a moment after the last', async () => {
    vi.useFakeTimers();
    const store = storage({ hidden: ['type'], widths: { time: 120 }, timeFormat: 'delta' });
    const slice = new ColumnSlice(store);
    await slice.load();
    expect(slice.layout.value).toEqual({ hidden: ['type'], widths: { time: 120 }, timeFormat: 'delta' });
    for (let width = 121; width <= 140; width++) slice.setWidth('time', width);
    expect(store.writes).toEqual([]);
    await vi.runAllTimersAsync();
    expect(store.writes).toEqual([{ hidden: ['type'], widths: { time: 140 }, timeFormat: 'delta' }]);
  });

  test('a change made before the stored layout is read wins; leaving writes a pending change at once', async () => {
    let answer: (value: unknown) => void = () => {};
    const writes: unknown[] = [];
    const slice = new ColumnSlice({ read: () => new Promise((resolve) => (answer = resolve)), write: async (layout) => void writes.push(layout) });
    const loading = slice.load();
    slice.setShown('opcode', true);
    answer({ hidden: ['time'] });
    await loading;
    expect(slice.layout.value.hidden).toEqual(['connection']);
    slice.dispose();
    expect(writes).toHaveLength(1);
  });
});

describe('status totals', () => {
  test('counts, bytes per direction and the time span', () => {
    const totals = emptyTotals();
    addToTotals(totals, true, 3, 5000);
    addToTotals(totals, false, 6, 2000);
    addToTotals(totals, false, 0, 9500);
    expect(totals).toEqual({ count: 3, sentCount: 1, sentBytes: 3, receivedCount: 2, receivedBytes: 6, firstTime: 2000, lastTime: 9500 });
    expect(describeTotals(totals, 10)).toEqual({
      count: '3 of 10 messages',
      sent: '↑ 1 sent, 3 B',
      received: '↓ 2 received, 6 B',
      span: 'over 7.5 s',
    });
    expect(describeTotals(emptyTotals(), 0).span).toBe('no time span');
  });
});

describe('Marks column', () => {
  test('the distinct mark sets of the rows, continued as rows arrive, until cleared', () => {
    const sets = new MarkSets();
    expect([...sets.update([row(), row({ origin: 'replayed' })])]).toEqual(['replayed']);
    sets.take(row({ origin: 'injected', payload: { kind: 'text', source: 'string', size: 9, truncated: true, preview: 'x' } }));
    sets.take(row({ payload: { kind: 'binary', source: 'Blob', size: 9, truncated: true, lost: true, preview: '' } }));
    sets.take(row({ origin: 'replayed' }));
    expect([...sets.all]).toEqual(['replayed', 'injected\ntruncated', 'bytes lost']);
    sets.clear();
    expect([...sets.update([row()])]).toEqual([]);
  });
});

describe('copy formats', () => {
  const connection = { id: 'c', url: 'wss://example.test/feed', createdAt: 1000, errors: [] } as unknown as ConnectionRecord;
  const copy = (format: CopyFormat, message: StoredMessage, data: string | undefined) => formatForCopy(format, { message, data, connection });
  const bigJson = '{"id":12345678901234567890,"price":1.10,"tags":["a"],"n":-0}';

  test('a text message: its full text (not the preview), exact pretty JSON, UTF-8 base64 and hex', () => {
    const message = row({ text: bigJson, payload: { kind: 'text', source: 'string', size: bigJson.length, truncated: false, preview: bigJson.slice(0, 10) } });
    expect(copy('text', message, bigJson)).toEqual({ ok: true, text: bigJson });
    expect(copy('json', message, bigJson)).toEqual({
      ok: true,
      text: '{\n  "id": 12345678901234567890,\n  "price": 1.10,\n  "tags": [\n    "a"\n  ],\n  "n": -0\n}',
    });
    expect(copy('base64', message, 'hé')).toEqual({ ok: true, text: 'aMOp' });
    expect(copy('hex', message, 'hé')).toEqual({ ok: true, text: '68 c3 a9' });
    expect(copy('json', message, 'plain words')).toEqual({ ok: false, reason: "Not JSON: unexpected 'p' at offset 0" });
  });

  test('a binary message: base64 as stored, hex; text and JSON only when its bytes are UTF-8', () => {
    const binary = row({ payload: { kind: 'binary', source: 'ArrayBuffer', size: 4, truncated: false, preview: 'AAH+/w==' } });
    expect(copy('base64', binary, 'AAH+/w==')).toEqual({ ok: true, text: 'AAH+/w==' });
    expect(copy('hex', binary, 'AAH+/w==')).toEqual({ ok: true, text: '00 01 fe ff' });
    expect(copy('text', binary, 'AAH+/w==')).toEqual({ ok: false, reason: 'Binary, and not UTF-8 text' });
    const utf8Json = Buffer.from('[1e400]').toString('base64');
    expect(copy('json', binary, utf8Json)).toEqual({ ok: true, text: '[\n  1e400\n]' });
    expect(copy('hex', binary, 'not base64!')).toEqual({ ok: false, reason: 'Its stored bytes are damaged (not base64)' });
  });

  test('nothing to copy when the bytes were lost or the payload is gone', () => {
    const lost = row({ payload: { kind: 'binary', source: 'Blob', size: 9, truncated: true, lost: true, preview: '' } });
    expect(copy('hex', lost, undefined)).toEqual({ ok: false, reason: 'No bytes were kept at capture' });
    expect(copy('text', row(), undefined)).toEqual({ ok: false, reason: 'Its payload is no longer stored' });
  });

  test('a HAR entry of the connection holding just this message, its data whole', () => {
    const message = row({ direction: 'send', time: 2500, text: bigJson });
    const result = copy('har', message, bigJson);
    expect(result.ok).toBe(true);
    const entry = JSON.parse(result.ok ? result.text : '');
    expect(entry.request.url).toBe('wss://example.test/feed');
    expect(entry._webSocketMessages).toEqual([{ type: 'send', time: 2.5, opcode: 1, data: bigJson }]);
    expect(formatForCopy('har', { message, data: bigJson })).toEqual({ ok: false, reason: 'Its connection is not loaded' });
  });
});
