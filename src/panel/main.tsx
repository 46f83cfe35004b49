// DevTools panel entry: the inspected tab's traffic. Kept small: it starts the first read and draws
// its rows (first-rows.ts) before the panel's modules load, whose running would hold up the drawing's
// paint on a busy machine; without rows to draw they load as soon as the read is in.
import { devtoolsTheme, inspectedTabId } from '../platform/panel-early';
import { showFirstRows } from './first-rows';
import { afterNextPaint } from './next-paint';
import { applyTheme } from './theme';
import './panel.css';
import './table/table.css';

applyTheme(devtoolsTheme());
const tabId = inspectedTabId();
const firstRows = tabId === null ? undefined : showFirstRows(tabId, document.getElementById('app')!);
const drawn = firstRows ? firstRows.shown.then((drawing) => (drawing ? afterNextPaint() : undefined)) : Promise.resolve();
void drawn.then(() => import('./devtools-boot')).then(({ bootDevtoolsPanel }) => bootDevtoolsPanel(firstRows));
