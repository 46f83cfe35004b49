// Builds the panel's state over its data and host, applies the theme, renders.
import { render } from 'preact';
import { App } from './components/App';
import type { PanelData } from './data';
import type { PanelHost, Theme } from './host';
import { Panel } from './state/panel';
import { PanelContext } from './usePanel';
import './panel.css';

export function mountPanel(host: PanelHost, data: PanelData, container: HTMLElement): Panel {
  const applyTheme = (theme: Theme) => {
    document.documentElement.classList.toggle('theme-dark', theme === 'dark');
    document.documentElement.classList.toggle('theme-light', theme === 'light');
  };
  applyTheme(host.theme());
  host.onThemeChange(applyTheme);
  const panel = new Panel(data, host);
  panel.start();
  addEventListener('pagehide', () => panel.dispose());
  render(
    <PanelContext.Provider value={panel}>
      <App />
    </PanelContext.Provider>,
    container,
  );
  return panel;
}
