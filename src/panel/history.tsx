// History tab entry: every stored session, no inspected tab.
import { bootPanel } from './boot';
import { historyHost } from './host';

void bootPanel(historyHost());
