// Shared by both entries: open the database, build the store for a host, apply the theme, render.
import { render } from 'preact';
import { readQueries } from '../db/queries';
import { database } from '../db/schema';
import { App } from './components/App';
import type { PanelHost, Theme } from './host';
import { PanelStore } from './store';
import { StoreContext } from './useStore';
import './panel.css';

export function mountPanel(host: PanelHost, container: HTMLElement): PanelStore {
  const applyTheme = (theme: Theme) => {
    document.documentElement.classList.toggle('theme-dark', theme === 'dark');
    document.documentElement.classList.toggle('theme-light', theme === 'light');
  };
  applyTheme(host.theme());
  host.onThemeChange(applyTheme);
  const store = new PanelStore(readQueries(database()), host);
  store.start();
  addEventListener('pagehide', () => store.dispose());
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
    container,
  );
  return store;
}
