// What both entries do first: open the database and start the first read, then load the panel's
// modules while the browser reads. Static imports would run every module before the open could start.
import type { FirstViewRead } from '../db/first-read';
import { openPanelData } from './data';
import { prefetchFirstView } from './first-view';
import type { PanelHost } from './host';
import type { Panel } from './state/panel';

/** What the DevTools panel's entry read before this module loaded (first-rows.ts). */
export interface EarlyReads {
  read: Promise<FirstViewRead | undefined>;
  /** The stored table layout. */
  layout: Promise<unknown>;
}

export async function bootPanel(host: PanelHost, early?: EarlyReads): Promise<Panel> {
  const data = prefetchFirstView(openPanelData(), host.tabId, early?.read);
  const { mountPanel } = await import('./mount');
  return mountPanel(host, data, document.getElementById('app')!);
}
