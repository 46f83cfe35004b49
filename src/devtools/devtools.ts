// The DevTools page: only registers the panel. The panel page itself reads the inspected tab id.
import { browser } from '../platform/browser';

void browser.devtools.panels.create('WebSockets', '', '/src/panel/index.html');
