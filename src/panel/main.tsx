// DevTools panel entry: the inspected tab's traffic.
import { bootPanel } from './boot';
import { devtoolsPanelHost } from './host';

void bootPanel(devtoolsPanelHost());
