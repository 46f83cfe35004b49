// DevTools panel entry: the inspected tab's traffic.
import { devtoolsPanelHost } from './host';
import { mountPanel } from './mount';

mountPanel(devtoolsPanelHost(), document.getElementById('app')!);
