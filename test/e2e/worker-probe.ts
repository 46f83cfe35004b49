// The worker transparency probe: what a worker's own script, and the page that starts it, can observe
// of the worker machinery, as plain data (hook-transparency.test.ts compares a run with the extension
// with one without). `inWorker` runs inside the worker: it is sent as source text, so it is self-contained.

/** Runs in the worker; posts its observations. */
export function inWorker(): void {
  const scope = self as unknown as Record<string, unknown> & { WorkerLocation: { prototype: object } };
  const describeFn = (fn: unknown) => (typeof fn === 'function' ? [fn.name, fn.length, Function.prototype.toString.call(fn)] : typeof fn);
  const getter = (target: object, name: string) => describeFn(Object.getOwnPropertyDescriptor(target, name)?.get);
  const scopeProto = Object.getPrototypeOf(Object.getPrototypeOf(self)) as object;
  const loc = self.location;
  const out = {
    href: loc.href,
    string: String(loc),
    parts: [loc.origin, loc.protocol, loc.host, loc.hostname, loc.port, loc.pathname, loc.search, loc.hash],
    tag: Object.prototype.toString.call(loc),
    isWorkerLocation: loc instanceof (scope.WorkerLocation as unknown as new () => object),
    ownNames: Object.getOwnPropertyNames(loc),
    sameEachTime: self.location === loc,
    name: self.name,
    functions: ['importScripts', 'fetch', 'WebSocket', 'Worker', 'Request', 'EventSource'].map((name) => describeFn(scope[name])),
    open: describeFn(XMLHttpRequest.prototype.open),
    locationGetter: getter(scopeProto, 'location'),
    hrefGetter: getter(scope.WorkerLocation.prototype, 'href'),
    toStringOfLocation: describeFn((scope.WorkerLocation.prototype as { toString: unknown }).toString),
    missingImport: (() => {
      try {
        importScripts('missing-neighbour.js');
        return 'no error';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    })(),
  };
  postMessage(out);
}

/** Runs in the page: starts the probe worker and describes the page's side of it. */
export async function inPage(scriptPath: string): Promise<Record<string, unknown>> {
  const describeFn = (fn: unknown) => (typeof fn === 'function' ? [fn.name, fn.length, Function.prototype.toString.call(fn)] : typeof fn);
  const worker = new Worker(scriptPath, { name: 'probe' });
  const fromWorker = await new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
  });
  const stream = (globalThis as { WebSocketStream?: { prototype: object } }).WebSocketStream;
  return {
    fromWorker,
    page: {
      worker: describeFn(Worker),
      methods: ['postMessage', 'terminate'].map((name) => describeFn((Worker.prototype as unknown as Record<string, unknown>)[name])),
      instance: [worker instanceof Worker, Object.prototype.toString.call(worker), Worker.prototype.constructor === Worker],
      stream: stream ? [describeFn(stream), describeFn(Object.getOwnPropertyDescriptor(stream.prototype, 'opened')?.get)] : 'none',
    },
  };
}
