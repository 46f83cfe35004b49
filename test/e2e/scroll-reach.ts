// Every row of a long table reachable, in Chromium (Playwright) and Firefox (puppeteer) alike: the
// panel must already show `count` messages seeded by seedGenerated (message i's text starts
// {"seq":i,), more than the virtual list's spacer may be tall. Only what both drivers do the same way:
// evaluate (function, argument), keyboard.press and click(selector).
import { expect, vi } from 'vitest';

/** What Playwright's and puppeteer's pages both do, and alike (callers cast their page to it). */
export interface DriverPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  keyboard: { press(key: string): Promise<void> };
  click(selector: string): Promise<void>;
}
type Page = DriverPage;

interface RowInView {
  id: number;
  seq: number;
  selected: boolean;
}

const WAIT = { timeout: 30_000, interval: 50 };
/** seedGenerated writes chunks of 1,000 messages; a message id is chunk id × 1024 + position. */
const SEEDED_PER_CHUNK = 1000;
const CHUNK_CAPACITY = 1024;

/** The rows wholly inside the table's viewport, top to bottom. */
const rowsInView = (page: Page): Promise<RowInView[]> =>
  page.evaluate(() => {
    const viewport = document.querySelector('.message-rows')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.message-rows [role=row]')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= viewport.top - 1 && box.bottom <= viewport.bottom + 1;
      })
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((row) => ({
        id: Number(row.dataset.messageId),
        seq: Number(/"seq":(\d+),/.exec(row.querySelector('.col-preview')?.textContent ?? '')?.[1]),
        selected: row.getAttribute('aria-selected') === 'true',
      }));
  }, undefined);

const run = <R, A>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => page.evaluate(fn, arg);

/** Waits until the rows in view pass `check` (which throws until then); returns them. */
async function inView(page: Page, check: (rows: RowInView[]) => void): Promise<RowInView[]> {
  let rows: RowInView[] = [];
  await vi.waitFor(async () => {
    rows = await rowsInView(page);
    expect(rows.length).toBeGreaterThan(5);
    check(rows);
  }, WAIT);
  return rows;
}

const setScrollTop = (page: Page, where: 'top' | 'middle' | 'bottom') =>
  run(
    page,
    (where) => {
      const viewport = document.querySelector('.message-rows')!;
      const max = viewport.scrollHeight - viewport.clientHeight;
      viewport.scrollTop = where === 'top' ? 0 : where === 'middle' ? max / 2 : max;
    },
    where,
  );

const setFilter = (page: Page, text: string) =>
  run(
    page,
    (text) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!;
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );

const rowCount = (page: Page) => run(page, () => document.querySelector('[role=grid]')?.getAttribute('aria-rowcount'), undefined);
const focusGrid = (page: Page) => run(page, () => document.querySelector<HTMLElement>('[role=grid]')!.focus(), undefined);
const textOf = (seq: number) => `{"seq":${seq},"event":"tick","body":"message number ${seq}"}`;

/**
 * Runs the whole check: the scrolled space is shorter than the rows (the mapping is in effect); the
 * top, middle and bottom of the scrollbar show the first, middle and last rows; Home, End, PageDown and
 * arrows move the selection and bring it into view from anywhere; a message found by a filter stays
 * selected and in view when the filter is cleared; a filter shows exactly its rows, to its last one.
 * Every row in view is checked to carry the id its seq was stored under.
 */
export async function checkScrollReach(page: Page, count: number, rowHeight: number): Promise<void> {
  await vi.waitFor(async () => expect(await rowCount(page)).toBe(String(count + 1)), { timeout: 120_000, interval: 200 });
  const spacer = await run(page, () => document.querySelector<HTMLElement>('.message-rows .virtual-list-space')!.getBoundingClientRect().height, undefined);
  expect(spacer).toBeLessThan(count * rowHeight);

  await setScrollTop(page, 'top');
  const top = await inView(page, (rows) => expect(rows[0]!.seq).toBe(0));
  const firstChunk = top[0]!.id / CHUNK_CAPACITY;
  const idOf = (seq: number) => (firstChunk + Math.floor(seq / SEEDED_PER_CHUNK)) * CHUNK_CAPACITY + (seq % SEEDED_PER_CHUNK);
  /** Consecutive rows, each with the id its seq was stored under. */
  const consistent = (rows: RowInView[]) => {
    rows.forEach((row, i) => expect(row.seq).toBe(rows[0]!.seq + i));
    for (const row of rows) expect(row.id).toBe(idOf(row.seq));
  };

  // The scrollbar, as dragging its thumb sets it.
  await setScrollTop(page, 'bottom');
  consistent(await inView(page, (rows) => expect(rows.at(-1)!.seq).toBe(count - 1)));
  await setScrollTop(page, 'middle');
  const middle = await inView(page, (rows) => expect(Math.abs(rows[0]!.seq - count / 2)).toBeLessThan(count / 100));
  consistent(middle);
  await setScrollTop(page, 'top');
  consistent(await inView(page, (rows) => expect(rows[0]!.seq).toBe(0)));

  // Keys move the selection; the table follows it.
  await focusGrid(page);
  await page.keyboard.press('End');
  consistent(await inView(page, (rows) => expect(rows.at(-1)).toMatchObject({ seq: count - 1, selected: true })));
  await page.keyboard.press('Home');
  consistent(await inView(page, (rows) => expect(rows[0]).toMatchObject({ seq: 0, selected: true })));

  // A row clicked in the middle; PageDown; then from far away, an arrow brings the selection back.
  await setScrollTop(page, 'middle');
  const clicked = (await inView(page, (rows) => expect(Math.abs(rows[0]!.seq - count / 2)).toBeLessThan(count / 100)))[2]!;
  await page.click(`.message-rows [data-message-id="${clicked.id}"]`);
  await inView(page, (rows) => expect(rows.find((row) => row.selected)?.seq).toBe(clicked.seq));
  await page.keyboard.press('PageDown');
  const paged = (await inView(page, (rows) => expect(rows.find((row) => row.selected)?.seq).toBeGreaterThan(clicked.seq + 5))).find((row) => row.selected)!;
  await setScrollTop(page, 'top');
  await inView(page, (rows) => expect(rows[0]!.seq).toBe(0));
  await page.keyboard.press('ArrowDown');
  consistent(await inView(page, (rows) => expect(rows.find((row) => row.selected)?.seq).toBe(paged.seq + 1)));

  // Jump to a message by id: found with a filter, selected, and still in view once the filter is cleared.
  const target = count - 26_544;
  await setFilter(page, `number ${target}"`);
  await vi.waitFor(async () => expect(await rowCount(page)).toBe('2'), WAIT);
  await page.click(`.message-rows [data-message-id="${idOf(target)}"]`);
  await setFilter(page, '');
  await vi.waitFor(async () => expect(await rowCount(page)).toBe(String(count + 1)), WAIT);
  consistent(await inView(page, (rows) => expect(rows.find((row) => row.selected)?.seq).toBe(target)));

  // A filter shows exactly its rows, and its last one is reachable.
  let expected = 0;
  let lastMatch = -1;
  for (let seq = 0; seq < count; seq++)
    if (textOf(seq).includes('number 7')) {
      expected++;
      lastMatch = seq;
    }
  await setFilter(page, 'Number 7');
  await vi.waitFor(async () => expect(await rowCount(page)).toBe(String(expected + 1)), WAIT);
  await focusGrid(page);
  await page.keyboard.press('End');
  const filtered = await inView(page, (rows) => expect(rows.at(-1)).toMatchObject({ seq: lastMatch, selected: true }));
  for (const row of filtered) {
    expect(textOf(row.seq)).toContain('number 7');
    expect(row.id).toBe(idOf(row.seq));
  }
  await setFilter(page, '');
}
