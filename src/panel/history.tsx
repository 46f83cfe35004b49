// History tab entry: every stored session, no inspected tab.
import { historyHost } from './host';
import { mountPanel } from './mount';

mountPanel(historyHost(), document.getElementById('app')!);
