// The transparency probe: what a page can observe of WebSocket, as plain data, so a run with the hook
// can be compared with a run without it (hook-transparency.test.ts, hook-firefox.test.ts).

/** Any function or class a page might look at (the built-in `Function` type, spelled out). */
type AnyFunction = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);

/** Everything a page might look at, as plain data. Runs in the page. */
export async function observe(wsUrl: string) {
  const out: Record<string, unknown> = {};
  const error = (run: () => unknown) => {
    try {
      run();
      return 'no error';
    } catch (e) {
      const err = e as DOMException;
      return `${err.constructor.name} ${err.name} ${err.code ?? ''}: ${err.message}`;
    }
  };
  const describeFn = (fn: AnyFunction) => [typeof fn, fn.name, fn.length, String(fn), Function.prototype.toString.call(fn)];
  const proto = WebSocket.prototype;
  const descriptor = (target: object, name: PropertyKey) => {
    const d = Object.getOwnPropertyDescriptor(target, name)!;
    return [typeof d.value, typeof d.get, d.writable, d.enumerable, d.configurable];
  };
  out.webSocketClass = describeFn(WebSocket);
  out.methods = ['send', 'close', 'addEventListener', 'removeEventListener', 'dispatchEvent'].map((name) =>
    describeFn((proto as unknown as Record<string, AnyFunction>)[name] ?? EventTarget.prototype[name as 'dispatchEvent']),
  );
  out.toStringItself = describeFn(Function.prototype.toString);
  out.statics = [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED];
  out.prototypeConstants = [proto.CONNECTING, proto.OPEN, proto.CLOSING, proto.CLOSED];
  out.ownNames = [Object.getOwnPropertyNames(WebSocket).sort(), Object.getOwnPropertyNames(proto).sort()];
  out.descriptors = [descriptor(window, 'WebSocket'), descriptor(proto, 'send'), descriptor(proto, 'close'), descriptor(proto, 'constructor')];
  out.protoChain = [proto.constructor === WebSocket, Object.getPrototypeOf(WebSocket) === EventTarget, Object.getPrototypeOf(proto) === EventTarget.prototype];
  out.withoutNew = error(() => (WebSocket as unknown as () => void)());
  const stackOf = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      const d = Object.getOwnPropertyDescriptor(e, 'stack');
      return [String((e as Error).stack), typeof d?.get, typeof d?.set, typeof d?.value, d?.enumerable, d?.configurable];
    }
    return null;
  };
  // Error stacks name the functions and scripts on the way: a wrapper must not add its own.
  out.stacks = [stackOf(() => new WebSocket('http://[')), stackOf(() => new WebSocket(wsUrl, ['a', 'a']))];
  out.badUrls = ['foo', 'http://[', 'ftp://example.com/', 'ws://example.com/#hash'].map((url) => error(() => new WebSocket(url)));
  out.badProtocols = [['a', 'a'], 'has space', ['ok', ''], ['é']].map((protocols) => error(() => new WebSocket(`${wsUrl}/silent`, protocols)));

  const ws = new WebSocket(`${wsUrl}/echo`);
  class Sub extends WebSocket {}
  const sub = new Sub(`${wsUrl}/silent`);
  out.instance = [
    ws instanceof WebSocket,
    ws.constructor === WebSocket,
    Object.getPrototypeOf(ws) === proto,
    ws.send === proto.send,
    Object.prototype.toString.call(ws),
    sub instanceof Sub,
    sub instanceof WebSocket,
    Object.getPrototypeOf(sub) === Sub.prototype,
  ];
  out.initial = [ws.url, ws.readyState, ws.protocol, ws.extensions, ws.binaryType, ws.bufferedAmount, ws.onmessage];
  out.sendWhileConnecting = error(() => ws.send('too early'));
  out.sendStack = stackOf(() => ws.send('too early'));
  out.closeStack = stackOf(() => ws.close(999));
  out.sendNothing = error(() => (ws.send as () => void)());
  out.sendSymbol = error(() => ws.send(Symbol('s') as unknown as string));
  out.badClose = [error(() => ws.close(999)), error(() => ws.close(1000, 'x'.repeat(124)))];
  ws.binaryType = 'nonsense' as BinaryType;
  out.binaryTypeAfterNonsense = ws.binaryType;
  await new Promise((done) => ws.addEventListener('open', done));
  out.opened = [ws.readyState, ws.protocol, ws.extensions];

  const deliveries: string[] = [];
  ws.onmessage = (event) => deliveries.push(`onmessage ${Object.prototype.toString.call(event.data)} ${event.origin} ${event.isTrusted}`);
  ws.addEventListener('message', (event) => deliveries.push(`listener ${Object.prototype.toString.call(event.data)}`));
  ws.addEventListener('message', (event) => deliveries.push(`once ${typeof event.data}`), { once: true });
  const received = () => new Promise((done) => ws.addEventListener('message', done, { once: true }));
  ws.send('text');
  await received();
  ws.binaryType = 'arraybuffer';
  ws.send(new Uint8Array([1, 2, 3]));
  await received();
  ws.binaryType = 'blob';
  ws.send(new Uint8Array([4, 5]).buffer);
  await received();
  out.deliveries = deliveries;

  const before = ws.bufferedAmount;
  ws.send(new Uint8Array(100_000));
  out.bufferedAmountGrowth = ws.bufferedAmount - before;
  out.sendReturns = ws.send('x');

  ws.close(4000, 'done');
  out.closing = ws.readyState;
  await new Promise((done) => ws.addEventListener('close', done));
  out.closed = [ws.readyState, error(() => ws.send('after close')), ws.bufferedAmount >= 0];
  sub.close();
  return out;
}
