// The demo page: opens the four feeds and offers a chat box, so the panel has live traffic to show.
export const demoPageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>WebSocket Inspector demo</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 2rem; max-width: 48rem; }
  code { background: #eef; padding: 0 .3em; }
  #log { font: 12px ui-monospace, monospace; white-space: pre-wrap; border: 1px solid #ccd; padding: .5rem; height: 16rem; overflow: auto; }
</style></head>
<body>
<h1>WebSocket Inspector demo</h1>
<p>This page opens four WebSockets: <code>/chat</code> (echo chat), <code>/ticker</code> (JSON quotes, 5 a second),
<code>/binary</code> (binary frames) and <code>/closer</code> (closes with code 4001). Open DevTools → <b>WebSockets</b>.</p>
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
  const orders = new WebSocket(base + '/orders');
  let orderId = 0;
  orders.onmessage = (event) => log('orders ← ' + event.data);
  orders.onclose = (event) => log('orders closed: code ' + event.code + ' (switch on the Orders mock rules and reload)');
  document.getElementById('order').onclick = () => {
    if (orders.readyState === 1) orders.send(JSON.stringify({ op: 'order', id: ++orderId, symbol: 'ETH', qty: 2 }));
  };
  const closer = new WebSocket(base + '/closer');
  closer.onclose = (event) => log('closer closed: code ' + event.code + ' "' + event.reason + '"');
</script>
</body></html>`;
