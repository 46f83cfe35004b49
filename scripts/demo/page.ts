// The demo page: opens the feeds and offers a chat box, so the panel has live traffic to show: four
// WebSockets of the page, one in a Web Worker (demoWorkerJs) and, where the browser has it, a WebSocketStream.
export const demoPageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WebSocket Inspector demo</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; max-width: 48rem; }
  code { background: #eef; padding: 0 .3em; }
  #log { font: 12px ui-monospace, monospace; white-space: pre-wrap; border: 1px solid #ccd; padding: .5rem; height: 16rem; overflow: auto; }
</style></head>
<body>
<h1>WebSocket Inspector demo</h1>
<p>This page opens these WebSockets: <code>/chat</code> (echo chat), <code>/ticker</code> (JSON quotes, 5 a second),
<code>/binary</code> (binary frames), <code>/api</code> (requests with ids answered after a delay, in bursts every
3 seconds) and <code>/closer</code> (closes with code 4001); a Web Worker opens <code>/prices</code>
(quotes the worker sums up for the page), and, in Chromium, a <code>WebSocketStream</code> echoes on <code>/stream</code>.
Three more speak sub-protocols the panel reads as what they are: Socket.IO (news events, an acknowledged <code>add</code>),
STOMP (a subscription to <code>/topic/prices</code>, an order sent with a receipt) and GraphQL over WebSocket (a subscription and a query).
Open DevTools → <b>WebSockets</b>.</p>
<form id="chat"><input id="text" placeholder="Say something" autocomplete="off"> <button>Send</button></form>
<p><b>Intercept</b>: click <b>Intercept</b> in the panel and send a chat message: it is held until you forward, edit or drop it.
<b>Rules</b> in the panel has two examples to switch on (then reload this page): a fixed BTC price on the ticker, and
<code>/orders</code>, which has no server, answered by a mock. <button id="order">Place an order on /orders</button></p>
<div id="log"></div>
<script>
  const base = 'ws://' + location.host;
  const log = (line) => { const el = document.getElementById('log'); el.textContent += line + '\\n'; el.scrollTop = el.scrollHeight; };
  const chat = new WebSocket(base + '/chat', ['chat.v1']);
  chat.onmessage = (event) => log('chat ← ' + event.data);
  chat.onopen = () => chat.send(JSON.stringify({ hello: 'from the demo page', html: '<img src=x onerror=alert(1)>' }));
  document.getElementById('chat').onsubmit = (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    chat.send(input.value);
    input.value = '';
  };
  const ticker = new WebSocket(base + '/ticker');
  let quotes = 0;
  ticker.onmessage = () => { if (++quotes % 25 === 0) log('ticker: ' + quotes + ' quotes'); };
  const binary = new WebSocket(base + '/binary');
  binary.binaryType = 'arraybuffer';
  binary.onopen = () => binary.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03]));
  const api = new WebSocket(base + '/api');
  const methods = ['ping', 'getQuote', 'getQuote', 'getHistory', 'placeOrder', 'report'];
  let requestId = 0;
  const burst = () => { for (let i = 0; i < 12; i++) api.send(JSON.stringify({ id: ++requestId, method: methods[requestId % methods.length] })); };
  api.onopen = () => { burst(); setInterval(burst, 3000); setInterval(() => api.send(JSON.stringify({ id: ++requestId, method: 'ping' })), 700); };
  const orders = new WebSocket(base + '/orders');
  let orderId = 0;
  orders.onmessage = (event) => log('orders ← ' + event.data);
  orders.onclose = (event) => log('orders closed: code ' + event.code + ' (switch on the Orders mock rules and reload)');
  document.getElementById('order').onclick = () => {
    if (orders.readyState === 1) orders.send(JSON.stringify({ op: 'order', id: ++orderId, symbol: 'ETH', qty: 2 }));
  };
  const closer = new WebSocket(base + '/closer');
  closer.onclose = (event) => log('closer closed: code ' + event.code + ' "' + event.reason + '"');
  // Sub-protocols, spoken by hand: Socket.IO (Engine.IO v4), STOMP 1.2, GraphQL over WebSocket.
  const io = new WebSocket(base + '/socket.io/?EIO=4&transport=websocket');
  io.onmessage = (event) => {
    if (event.data.startsWith('0{')) io.send('40');
    else if (event.data === '2') io.send('3');
    else if (event.data.startsWith('40{')) { io.send('42["chat message","hello from the demo"]'); io.send('421["add",2,3]'); }
    else if (event.data.startsWith('431')) log('socket.io add → ' + event.data.slice(3));
  };
  const NUL = String.fromCharCode(0);
  const stomp = new WebSocket(base + '/stomp', ['v12.stomp']);
  stomp.onopen = () => stomp.send('CONNECT\\naccept-version:1.2\\nhost:demo\\n\\n' + NUL);
  stomp.onmessage = (event) => {
    if (!event.data.startsWith('CONNECTED')) return;
    stomp.send('SUBSCRIBE\\nid:sub-0\\ndestination:/topic/prices\\n\\n' + NUL);
    stomp.send('SEND\\ndestination:/queue/orders\\ncontent-type:application/json\\nreceipt:order-1\\n\\n{"symbol":"ACME","qty":5}' + NUL);
  };
  const graphql = new WebSocket(base + '/graphql', ['graphql-transport-ws']);
  graphql.onopen = () => graphql.send(JSON.stringify({ type: 'connection_init' }));
  graphql.onmessage = (event) => {
    if (JSON.parse(event.data).type !== 'connection_ack') return;
    const subscription = 'subscription OnPriceChanged($symbol: String!) { price(symbol: $symbol) { symbol value } }';
    graphql.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { operationName: 'OnPriceChanged', query: subscription, variables: { symbol: 'ACME' } } }));
    const query = 'query GetPrice { price(symbol: "ACME") { value } }';
    graphql.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { operationName: 'GetPrice', query } }));
  };
  const worker = new Worker('worker.js', { name: 'prices' });
  worker.onmessage = (event) => { if (event.data.quotes % 10 === 0) log('worker: ' + event.data.quotes + ' quotes, average ' + event.data.average); };
  if (typeof WebSocketStream === 'function') {
    (async () => {
      const stream = new WebSocketStream(base + '/stream');
      const { readable, writable } = await stream.opened;
      const writer = writable.getWriter();
      const reader = readable.getReader();
      for (let i = 1; i <= 3; i++) {
        await writer.write(i === 2 ? new Uint8Array([i, i, i]) : 'stream message ' + i);
        const { value } = await reader.read();
        log('stream ← ' + (typeof value === 'string' ? value : new Uint8Array(value).join(',')));
      }
    })();
  }
</script>
</body></html>`;

/** The demo's Web Worker: its own socket to /prices, whose quotes it averages for the page. */
export const demoWorkerJs = `const socket = new WebSocket('/prices');
let quotes = 0;
let total = 0;
socket.onopen = () => socket.send(JSON.stringify({ subscribe: 'prices', from: self.name }));
socket.onmessage = (event) => {
  const quote = JSON.parse(event.data);
  if (typeof quote.price !== 'number') return;
  quotes++;
  total += quote.price;
  postMessage({ quotes, average: (total / quotes).toFixed(2) });
};`;
