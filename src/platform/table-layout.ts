// The message table's column layout (src/panel/table/columns.ts), kept in storage.local under its own
// key: not in `settings`, whose every change the content relay in every frame applies, while the
// layout changes as often as a user drags a column edge. Read back as unknown: the panel checks it.
import { browser } from './browser';
import { TABLE_LAYOUT_KEY } from './panel-early';

export async function readTableLayout(): Promise<unknown> {
  return (await browser.storage.local.get(TABLE_LAYOUT_KEY))[TABLE_LAYOUT_KEY];
}

export async function writeTableLayout(layout: unknown): Promise<void> {
  await browser.storage.local.set({ [TABLE_LAYOUT_KEY]: layout });
}
