// What the panel page shows while it opens, recorded in the page from its first script on: the first
// rows the entry draws (src/panel/first-rows.ts), and the panel's own rows in the frame where they
// first appear. Both browsers' tests (first-rows.test.ts, firefox-first-rows.test.ts) install it
// before the page loads and check the record with `checkHandOver`.
import { expect } from 'vitest';

/** A row wholly on screen: where it is, how wide its cells are, and its text. */
export interface ShownRow {
  top: number;
  left: number;
  cellWidths: number[];
  text: string;
}

export interface OpeningRecord {
  /** The drawing's rows on screen, when it was first drawn. */
  drawn: ShownRow[] | null;
  /** The panel's rows on screen in the first animation frame after it put them in. */
  panel: ShownRow[] | null;
  /** Whether the drawing was still in the page in that frame. */
  drawingLeft: boolean | null;
}

/**
 * Records a panel page's opening into `win.__opening`: a function's source (run in a page, not here),
 * called with the panel's window and document, from an init script or from a same-origin parent.
 */
const RECORDER = `(win, doc) => {
  const record = { drawn: null, panel: null, drawingLeft: null };
  win.__opening = record;
  // Rows wholly inside their scrolled list: the rest are rendered, but clipped.
  const shown = (selector) => [...doc.querySelectorAll(selector)]
    .map((row) => ({ box: row.getBoundingClientRect(), list: row.closest('.virtual-list').getBoundingClientRect(), row }))
    .filter(({ box, list }) => box.top >= list.top - 0.5 && box.bottom <= list.bottom + 0.5)
    .map(({ box, row }) => ({ top: box.top, left: box.left, cellWidths: [...row.children].map((cell) => cell.getBoundingClientRect().width), text: row.textContent }));
  let panelSeen = false;
  const observer = new win.MutationObserver(() => {
    if (record.drawn === null && doc.querySelector('.first-rows .message-row')) record.drawn = shown('.first-rows .message-row');
    if (!panelSeen && doc.querySelector('.message-rows [role=row]')) {
      panelSeen = true;
      observer.disconnect();
      win.requestAnimationFrame(() => {
        record.drawingLeft = doc.querySelector('.first-rows') !== null;
        record.panel = shown('.message-rows [role=row]');
      });
    }
  });
  observer.observe(doc, { subtree: true, childList: true });
}`;

/** Init script for the panel page itself (Chromium). */
export const RECORD_OPENING = `(${RECORDER})(window, document);`;

/**
 * For a browser that runs no init script in extension pages (Firefox): run in a same-origin extension
 * page, opens the panel at `url` in a frame of `width`×`height` and records its opening from its first
 * document on (`frame.contentWindow.__opening`). A page's first rows come after a database read, long
 * after its document starts.
 */
export const recordOpeningInFrame = (url: string) => `(() => {
  const frame = document.createElement('iframe');
  frame.id = 'recorded-panel';
  // Fixed over the page: a frame out of view may get no animation frames.
  frame.style.cssText = 'position: fixed; top: 0; left: 0; z-index: 100; border: 0; width: 100vw; height: 100vh';
  frame.src = ${JSON.stringify(url)};
  document.body.append(frame);
  const watch = () => {
    const doc = frame.contentDocument;
    if (doc && doc.URL.includes(${JSON.stringify(url)}) && doc.documentElement) (${RECORDER})(frame.contentWindow, doc);
    else setTimeout(watch, 0);
  };
  watch();
})()`;

/** The drawing came first, with rows; the panel's rows replaced it in the same frame, and every row on screen in both stayed put. */
export function checkHandOver(record: OpeningRecord): void {
  expect(record.drawn?.length).toBeGreaterThan(0);
  expect(record.drawingLeft).toBe(false);
  const panelRows = new Map(record.panel!.map((row) => [row.text, row]));
  const inBoth = record.drawn!.filter((row) => panelRows.has(row.text));
  // The panel shows fewer rows (its header and filters take the top), all of them drawn before.
  expect(inBoth.length).toBe(record.panel!.length);
  expect(inBoth.length).toBeGreaterThan(2);
  for (const row of inBoth) expect(row).toEqual(panelRows.get(row.text));
}
