// Builds the panel's state over its data and host, applies the theme, renders.
import { render } from 'preact';
import { App } from './components/App';
import type { PanelData } from './data';
import type { PanelHost, Theme } from './host';
import { Panel } from './state/panel';
import { PanelContext } from './usePanel';
import './panel.css';

/**
 * The first render waits this long at most for the first rows: when they come in time the panel lays
 * out and paints once, with them, instead of an empty table first and the rows a layout later.
 */
const FIRST_ROWS_WAIT_MS = 50;

export async function mountPanel(host: PanelHost, data: PanelData, container: HTMLElement): Promise<Panel> {
  const applyTheme = (theme: Theme) => {
    document.documentElement.classList.toggle('theme-dark', theme === 'dark');
    document.documentElement.classList.toggle('theme-light', theme === 'light');
  };
  applyTheme(host.theme());
  host.onThemeChange(applyTheme);
  const panel = new Panel(data, host);
  panel.start();
  addEventListener('pagehide', () => panel.dispose());
  await Promise.race([panel.firstPage, new Promise((resolve) => setTimeout(resolve, FIRST_ROWS_WAIT_MS))]);
  render(
    <PanelContext.Provider value={panel}>
      <App />
    </PanelContext.Provider>,
    container,
  );
  return panel;
}
