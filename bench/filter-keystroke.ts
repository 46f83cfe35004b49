// One filter keystroke in the panel, timed from the input event to the table showing a new row count (each
// query a bench types must match a different number of rows than the one before).
import type { Page } from 'playwright-core';

export const filterKeystrokeMs = (page: Page, value: string): Promise<number> =>
  page.evaluate(async (value) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!;
    const grid = document.querySelector('[role=grid]')!;
    const before = grid.getAttribute('aria-rowcount');
    const started = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (grid.getAttribute('aria-rowcount') === before) await new Promise((resolve) => setTimeout(resolve, 1));
    return performance.now() - started;
  }, value);
