// What both entries do first: start opening the database, then load the panel's modules while the
// browser opens it. Static imports would run every module before the open could start.
import { openPanelData } from './data';
import type { PanelHost } from './host';

export async function bootPanel(host: PanelHost): Promise<void> {
  const data = openPanelData();
  const { mountPanel } = await import('./mount');
  mountPanel(host, data, document.getElementById('app')!);
}
