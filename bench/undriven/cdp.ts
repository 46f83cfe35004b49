// The least of the DevTools protocol the benches need, spoken over the `ws` package to a browser
// endpoint: commands (optionally on a flattened session) and events. No Playwright here, because its
// pages always have the Network domain on, which is itself a full WebSocket capture.
import WebSocket from 'ws';

type Params = Record<string, unknown>;
type Listener = (params: Params, sessionId: string | undefined) => void;

export interface Cdp {
  send<T = Params>(method: string, params?: Params, sessionId?: string): Promise<T>;
  /** Calls `listener` for every `method` event; returns the unsubscribe. */
  on(method: string, listener: Listener): () => void;
  close(): void;
}

export async function connectCdp(url: string): Promise<Cdp> {
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 });
  await new Promise<void>((opened, failed) => {
    socket.once('open', opened);
    socket.once('error', failed);
  });
  let lastId = 0;
  const pending = new Map<number, { resolve(value: Params): void; reject(error: Error): void; method: string }>();
  const listeners = new Map<string, Set<Listener>>();
  socket.on('message', (data) => {
    // Every event is parsed, as a DevTools front end would: what it costs is part of "DevTools open".
    const message = JSON.parse(data.toString()) as {
      id?: number;
      method?: string;
      params?: Params;
      result?: Params;
      error?: { message: string };
      sessionId?: string;
    };
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result ?? {});
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params ?? {}, message.sessionId);
    }
  });
  socket.on('close', () => {
    for (const call of pending.values()) call.reject(new Error(`${call.method}: the browser connection closed`));
    pending.clear();
  });
  return {
    send<T>(method: string, params: Params = {}, sessionId?: string): Promise<T> {
      if (socket.readyState !== WebSocket.OPEN) return Promise.reject(new Error(`${method}: the browser connection is closed`));
      const id = ++lastId;
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      return new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (value: Params) => void, reject, method }));
    },
    on(method, listener) {
      if (!listeners.has(method)) listeners.set(method, new Set());
      listeners.get(method)!.add(listener);
      return () => listeners.get(method)!.delete(listener);
    },
    close() {
      socket.close();
    },
  };
}
