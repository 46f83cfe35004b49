// History tab entry: every stored session, no inspected tab.
import { bootPanel } from './boot';
import { historyHost } from './host';
import './panel.css';
import './table/table.css';

void bootPanel(historyHost());
