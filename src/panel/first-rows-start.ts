// Starting the DevTools panel's first rows: the theme, then the first read and its drawing
// (first-rows.ts). Run by the classic script at the end of the panel page's body (first-rows-early.ts),
// or by the module entry where that script did not run.
import { devtoolsTheme, inspectedTabId } from '../platform/panel-early';
import { showFirstRows, type FirstRows } from './first-rows';
import { applyTheme } from './theme';

export function startFirstRows(): FirstRows | undefined {
  applyTheme(devtoolsTheme());
  const tabId = inspectedTabId();
  return tabId === null ? undefined : showFirstRows(tabId, document.getElementById('app')!);
}
