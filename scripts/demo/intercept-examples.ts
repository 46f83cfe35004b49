// The demo's intercept examples, stored in the extension switched off (Rules in the panel turns them on):
// a rule that rewrites the ticker, and a mock that answers the orders socket, which has no server.
// The breakpoint needs nothing stored: Intercept in the panel, then send a chat message.
import type { Rule } from '../../src/shared/intercept';

const rule = (partial: Omit<Rule, 'enabled' | 'site'>): Rule => ({ enabled: false, site: '', ...partial });

export const DEMO_RULES: Rule[] = [
  rule({
    id: 'demo-ticker',
    name: 'Ticker: BTC at a fixed price',
    direction: 'receive',
    url: 'ws://127.0.0.1:*/ticker',
    condition: { kind: 'json', path: 'symbol', value: 'BTC' },
    action: { kind: 'set-json', path: 'price', value: '12345.67' },
  }),
  rule({
    id: 'demo-orders-socket',
    name: 'Orders: a socket with no server',
    direction: 'both',
    url: 'ws://127.0.0.1:*/orders',
    condition: { kind: 'any' },
    action: { kind: 'serve', protocol: '', greeting: '{"type":"ready","desk":"mock"}' },
  }),
  rule({
    id: 'demo-orders-reply',
    name: 'Orders: fill every order',
    direction: 'send',
    url: 'ws://127.0.0.1:*/orders',
    condition: { kind: 'json', path: 'op', value: 'order' },
    action: { kind: 'mock', template: '{"type":"filled","id":{{id}},"symbol":{{symbol}},"qty":{{qty}}}', delayMs: 300, suppress: true },
  }),
];
