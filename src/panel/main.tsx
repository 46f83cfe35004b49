// DevTools panel entry: the inspected tab's traffic. In a build, the page's classic script
// (first-rows-early.ts) has started the first rows (the first read and its drawing) and loads this
// entry once they have painted, so the panel boots at once. Without that script (a dev server), the
// entry starts them itself and loads the panel's modules after the drawing's paint, whose running
// would hold it up on a busy machine.
import { earlyStart } from './early-start';
import { afterNextPaint } from './next-paint';
import './panel.css';
import './table/table.css';

async function firstRowsStartedHere() {
  const { startFirstRows } = await import('./first-rows-start');
  const firstRows = startFirstRows();
  if (await firstRows?.shown) await afterNextPaint();
  return firstRows;
}

const started = earlyStart();
void (started ? Promise.resolve(started.firstRows) : firstRowsStartedHere()).then(async (firstRows) => {
  const { bootDevtoolsPanel } = await import('./devtools-boot');
  await bootDevtoolsPanel(firstRows);
});
