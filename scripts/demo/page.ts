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
<p>This page opens five WebSockets: <code>/chat</code> (echo chat), <code>/ticker</code> (JSON quotes, 5 a second),
<code>/binary</code> (binary frames), <code>/api</code> (requests with ids answered after a delay, in bursts every
3 seconds) and <code>/closer</code> (closes with code 4001); a Web Worker opens <code>/prices</code>
(quotes the worker sums up for the page), and, in Chromium, a <code>WebSocketStream</code> echoes on <code>/stream</code>.
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
