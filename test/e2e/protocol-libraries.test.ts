// Protocol views against the protocols' own browser clients, each in a page of its own against a real server
// (aedes for MQTT, graphql-ws's server) or a small server of ours that speaks the protocol (test/protocols/
// servers/): the connection names the protocol, rows carry the protocol's own summary, the detail pane shows
// the decoded tree, and a protocol-field filter keeps only what it names. One browser for all of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startActionCableServer } from '../protocols/servers/actioncable';
import { startGraphqlWsServer } from '../protocols/servers/graphql-ws';
import { startAedesBroker } from '../protocols/servers/mqtt';
import { startPhoenixServer } from '../protocols/servers/phoenix';
import { startSignalRServer } from '../protocols/servers/signalr';
import { startStompServer } from '../protocols/servers/stomp';
import { startWampRouter, WAMP_REALM } from '../protocols/servers/wamp';
import { tabIdOf } from './chromium';
import { setUpExtensionBrowser } from './extension-browser';
import { eventually } from './seed';
import { startTestServer, type TestServer } from './servers';

const world = setUpExtensionBrowser();
let pages: TestServer;
const servers: { close(): Promise<void> }[] = [];
const urls: Record<string, string> = {};

/** Browser bundles, read by path: the packages' exports do not expose them to require.resolve. */
const BUNDLES = {
  stomp: '@stomp/stompjs/bundles/stomp.umd.min.js',
  mqtt: 'mqtt/dist/mqtt.min.js',
  graphql: 'graphql-ws/umd/graphql-ws.min.js',
  signalr: '@microsoft/signalr/dist/browser/signalr.min.js',
  signalrMsgpack: '@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js',
  phoenix: 'phoenix/priv/static/phoenix.min.js',
  actioncable: '@rails/actioncable/app/assets/javascripts/actioncable.js',
  autobahn: 'autobahn-browser/autobahn.min.js',
};

beforeAll(async () => {
  pages = await startTestServer();
  for (const [name, path] of Object.entries(BUNDLES)) {
    const script = readFileSync(join(import.meta.dirname, '../../node_modules', path), 'utf8');
    pages.route(`/lib/${name}.js`, (_req, res) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(script));
  }
  const stomp = await startStompServer();
  const mqtt = await startAedesBroker();
  const graphql = await startGraphqlWsServer();
  const signalr = await startSignalRServer();
  const phoenix = await startPhoenixServer();
  const cable = await startActionCableServer({ pingIntervalMs: 60_000 });
  const wamp = await startWampRouter();
  servers.push(stomp, mqtt, graphql, signalr, phoenix, cable, wamp);
  Object.assign(urls, {
    stomp: stomp.wsUrl,
    mqtt: mqtt.url,
    graphql: graphql.url,
    signalr: signalr.wsUrl,
    phoenix: phoenix.url,
    cable: cable.url,
    wamp: wamp.wsUrl,
  });
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await pages?.close();
});

interface ProtocolApp {
  name: string;
  libraries: (keyof typeof BUNDLES)[];
  /** Runs in the page; sets document.title to 'done' when its traffic is over. */
  script: () => string;
  decoder: string;
  /** Summaries the table must show (among others: heart-beats, acknowledgements). */
  summaries: string[];
  /** A row to open, its decoded type and key, and a filter that must leave only rows of `kept`. */
  open: { summary: string; type: string; key: string };
  filter: { text: string; kept: unknown[] };
}

const APPS: ProtocolApp[] = [
  {
    name: 'stomp',
    libraries: ['stomp'],
    script: () => `
      const client = new StompJs.Client({ brokerURL: ${JSON.stringify(urls.stomp + '/ws')}, reconnectDelay: 0, heartbeatIncoming: 0, heartbeatOutgoing: 0 });
      client.onConnect = () => {
        client.subscribe('/topic/prices', () => { document.title = 'done'; });
        client.publish({ destination: '/queue/orders', body: JSON.stringify({ buy: 10 }) });
        client.publish({ destination: '/topic/prices', body: JSON.stringify({ symbol: 'ACME', price: 12.5 }) });
      };
      client.activate();`,
    decoder: 'STOMP',
    summaries: ['SEND /queue/orders', 'SUBSCRIBE /topic/prices', 'MESSAGE /topic/prices'],
    open: { summary: 'SEND /queue/orders', type: 'SEND', key: '/queue/orders' },
    filter: { text: 'destination:/topic/prices', kept: ['SUBSCRIBE /topic/prices', 'SEND /topic/prices', 'MESSAGE /topic/prices'] },
  },
  {
    name: 'mqtt',
    libraries: ['mqtt'],
    script: () => `
      const client = mqtt.connect(${JSON.stringify(urls.mqtt)}, { clientId: 'kitchen', reconnectPeriod: 0, keepalive: 0 });
      client.on('connect', () => {
        client.subscribe('sensors/#', () => client.publish('sensors/kitchen', JSON.stringify({ t: 21.5 })));
      });
      client.on('message', () => { document.title = 'done'; });`,
    decoder: 'MQTT',
    // aedes writes a packet in pieces, each its own WebSocket message: the pieces show as partial, the
    // packet whole on the message that completes it.
    summaries: ['CONNECT kitchen', 'CONNACK Connection Accepted', 'SUBSCRIBE sensors/#', 'PUBLISH sensors/kitchen'],
    open: { summary: 'PUBLISH sensors/kitchen', type: 'PUBLISH', key: 'sensors/kitchen' },
    filter: { text: 'topic:sensors/kitchen', kept: ['PUBLISH sensors/kitchen', 'PUBLISH sensors/kitchen'] },
  },
  {
    name: 'graphql',
    libraries: ['graphql'],
    script: () => `
      const client = graphqlWs.createClient({ url: ${JSON.stringify(urls.graphql)}, retryAttempts: 0, lazy: false });
      client.subscribe({ query: 'query GetPrice($symbol: String!) { price(symbol: $symbol) { symbol value } }', variables: { symbol: 'ACME' } }, {
        next: () => {}, error: () => {}, complete: () => { document.title = 'done'; },
      });`,
    decoder: 'GraphQL over WebSocket (graphql-transport-ws)',
    summaries: ['connection_init', 'connection_ack', 'subscribe GetPrice'],
    open: { summary: 'subscribe GetPrice', type: 'subscribe', key: 'GetPrice' },
    // The operation's answers (by its id) carry its name too.
    filter: { text: 'operation:GetPrice', kept: ['subscribe GetPrice', expect.stringMatching(/^next /), expect.stringMatching(/^complete /)] },
  },
  {
    name: 'signalr',
    libraries: ['signalr', 'signalrMsgpack'],
    script: () => `
      const hub = new signalR.HubConnectionBuilder()
        .withUrl(${JSON.stringify(urls.signalr!.replace(/^ws/, 'http') + '/chathub')}, { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
        .withHubProtocol(new signalR.protocols.msgpack.MessagePackHubProtocol())
        .build();
      hub.start().then(() => hub.invoke('SendMessage', 'ada', 'hi')).then(() => { document.title = 'done'; });`,
    decoder: 'SignalR (MessagePack)',
    summaries: ['Invocation SendMessage'],
    open: { summary: 'Invocation SendMessage', type: 'Invocation', key: 'SendMessage' },
    filter: { text: 'target:SendMessage', kept: ['Invocation SendMessage'] },
  },
  {
    name: 'phoenix',
    libraries: ['phoenix'],
    script: () => `
      const socket = new Phoenix.Socket(${JSON.stringify(urls.phoenix!.replace(/\/websocket$/, ''))}, { params: { token: 'abc' } });
      socket.connect();
      const lobby = socket.channel('room:lobby', { name: 'ada' });
      lobby.join().receive('ok', () => lobby.push('new_msg', { body: 'hi' }).receive('ok', () => { document.title = 'done'; }));`,
    decoder: 'Phoenix Channels',
    summaries: ['phx_join room:lobby', 'new_msg room:lobby'],
    open: { summary: 'phx_join room:lobby', type: 'phx_join', key: 'room:lobby' },
    // The push, and the server's broadcast of it back to the channel.
    filter: { text: 'event:new_msg', kept: ['new_msg room:lobby', 'new_msg room:lobby'] },
  },
  {
    name: 'actioncable',
    libraries: ['actioncable'],
    script: () => `
      const consumer = ActionCable.createConsumer(${JSON.stringify(urls.cable)});
      const chat = consumer.subscriptions.create({ channel: 'ChatChannel', room: 'lobby' }, {
        connected() { chat.perform('speak', { body: 'hi' }); },
        received() { document.title = 'done'; },
      });`,
    decoder: 'Action Cable',
    summaries: ['subscribe ChatChannel'],
    open: { summary: 'subscribe ChatChannel', type: 'subscribe', key: 'ChatChannel' },
    filter: {
      text: 'channel:ChatChannel',
      kept: ['subscribe ChatChannel', 'confirm_subscription ChatChannel', 'message ChatChannel speak', 'broadcast ChatChannel'],
    },
  },
  {
    name: 'wamp',
    libraries: ['autobahn'],
    script: () => `
      const connection = new autobahn.Connection({ url: ${JSON.stringify(urls.wamp + '/ws')}, realm: ${JSON.stringify(WAMP_REALM)}, max_retries: 0 });
      connection.onopen = (session) => {
        session.register('com.example.add', ([a, b]) => a + b)
          .then(() => session.call('com.example.add', [2, 3]))
          .then(() => { document.title = 'done'; });
      };
      connection.open();`,
    decoder: 'WAMP',
    summaries: ['REGISTER com.example.add', 'CALL com.example.add'],
    open: { summary: 'CALL com.example.add', type: 'CALL', key: 'com.example.add' },
    filter: { text: 'procedure:com.example.add', kept: ['REGISTER com.example.add', 'CALL com.example.add'] },
  },
];

test.each(APPS)('$name: its own client in the page reads as $decoder', async (app) => {
  const url = pages.page(
    `/${app.name}.html`,
    `<!doctype html><title>running</title>${app.libraries.map((library) => `<script src="/lib/${library}.js"></script>`).join('')}<script>${app.script()}</script>`,
  );
  const page = await world.browser.context.newPage();
  await page.goto(url);
  await eventually(() => page.title(), 20_000).toBe('done');
  const tabId = await tabIdOf(world.browser, page);
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await panel.setViewportSize({ width: 1400, height: 800 });

  const connection = panel.locator('.connection-item[data-connection-id]');
  await eventually(() => connection.locator('.connection-decoder').textContent(), 20_000).toBe(app.decoder);
  const summaries = panel.locator('.message-rows [role=row] .col-summary');
  await eventually(async () => {
    const shown = await summaries.allTextContents();
    return app.summaries.filter((summary) => !shown.includes(summary));
  }, 20_000).toEqual([]);

  await panel
    .locator('.message-rows [role=row]', { has: panel.locator('.col-summary', { hasText: app.open.summary }) })
    .first()
    .click();
  const decoded = panel.locator('.decoded-view');
  await eventually(() => decoded.locator('.decoded-type').first().textContent()).toBe(app.open.type);
  expect(await decoded.locator('.decoded-key').first().textContent()).toBe(app.open.key);
  expect(await decoded.locator('[role=tree]').count()).toBeGreaterThan(0);

  await panel.getByPlaceholder(/filter/i).fill(app.filter.text);
  await eventually(() => summaries.allTextContents()).toEqual(app.filter.kept);
  await panel.close();
  await page.close();
});
