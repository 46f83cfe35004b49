// The panel's colours follow a theme class on the root element (panel.css).
import type { Theme } from '../platform/panel-early';

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('theme-dark', theme === 'dark');
  document.documentElement.classList.toggle('theme-light', theme === 'light');
}
