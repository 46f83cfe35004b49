// Builds the panel's state over its data and host, applies the theme, renders. The entries load the CSS.
import { render } from 'preact';
import { App } from './components/App';
import type { PanelData } from './data';
import type { PanelHost } from './host';
import { Panel } from './state/panel';
import { applyTheme } from './theme';
import { PanelContext } from './usePanel';

export function mountPanel(host: PanelHost, data: PanelData, container: HTMLElement): Panel {
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
