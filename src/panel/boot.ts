// What both entries do first: open the database and start the first read, then load the panel's
// modules while the browser reads. Static imports would run every module before the open could start.
import { openPanelData } from './data';
import { prefetchFirstView } from './first-view';
import type { PanelHost } from './host';

export async function bootPanel(host: PanelHost): Promise<void> {
  const data = prefetchFirstView(openPanelData(), host.tabId);
  const { mountPanel } = await import('./mount');
  mountPanel(host, data, document.getElementById('app')!);
}
