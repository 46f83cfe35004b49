// The DevTools panel once its modules have loaded: the panel over what the entry read, then the
// entry's first rows handed over to it.
import { bootPanel } from './boot';
import { handOver, type FirstRows } from './first-rows';
import { devtoolsPanelHost, type PanelHost } from './host';

export async function bootDevtoolsPanel(firstRows: FirstRows | undefined): Promise<void> {
  const host = devtoolsPanelHost();
  const panel = await bootPanel(firstRows ? withLayoutRead(host, firstRows.layout) : host, firstRows);
  const drawing = await firstRows?.shown;
  if (drawing) handOver(drawing, document.getElementById('app')!, () => panel.session.loading.peek());
}

/** The table's first layout read is the entry's, so the panel lays its rows out as they were drawn. */
function withLayoutRead(host: PanelHost, layout: Promise<unknown>): PanelHost {
  let early: Promise<unknown> | undefined = layout;
  const read = () => {
    const first = early;
    early = undefined;
    return first ?? host.tableLayout.read();
  };
  return { ...host, tableLayout: { ...host.tableLayout, read } };
}
