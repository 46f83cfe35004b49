// A JSON-RPC 2.0 server over WebSocket (jsonrpc.org/specification): requests get a result or an error
// with the standard codes, notifications get nothing, batches get an array of the answers (none when
// all were notifications), and a subscription makes the server call the client with notifications.
// Methods: add (params [a, b] or {a, b}), subscribe (params [topic]: two "subscription" notifications
// follow the result), busy (always the server error -32000).
import type { WebSocket } from 'ws';
import { listenWebSocket, type RunningServer } from './listen.ts';

type Id = string | number | null;
type Response = { jsonrpc: '2.0'; id: Id } & ({ result: unknown } | { error: { code: number; message: string } });

const failure = (id: Id, code: number, message: string): Response => ({ jsonrpc: '2.0', id, error: { code, message } });

export async function startJsonRpcServer(): Promise<RunningServer> {
  const onSocket = (socket: WebSocket) => {
    let subscriptions = 0;
    const notifyLater: (() => void)[] = [];

    /** The answer to one request, or undefined for a notification. */
    const answer = (request: unknown): Response | undefined => {
      if (typeof request !== 'object' || request === null || Array.isArray(request)) return failure(null, -32600, 'Invalid Request');
      const { jsonrpc, method, params, id } = request as { jsonrpc?: unknown; method?: unknown; params?: unknown; id?: Id };
      const validId = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
      if (jsonrpc !== '2.0' || typeof method !== 'string' || !validId) return failure(validId ? (id ?? null) : null, -32600, 'Invalid Request');
      const respond = (response: Response) => (id === undefined ? undefined : response);
      switch (method) {
        case 'add': {
          const [a, b] = Array.isArray(params) ? params : [(params as { a?: unknown })?.a, (params as { b?: unknown })?.b];
          if (typeof a !== 'number' || typeof b !== 'number') return respond(failure(id ?? null, -32602, 'Invalid params'));
          return respond({ jsonrpc: '2.0', id: id ?? null, result: a + b });
        }
        case 'subscribe': {
          const subscription = `sub-${++subscriptions}`;
          const topic = Array.isArray(params) ? params[0] : undefined;
          notifyLater.push(() => {
            for (const tick of [1, 2])
              socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription, result: { topic, tick } } }));
          });
          return respond({ jsonrpc: '2.0', id: id ?? null, result: subscription });
        }
        case 'busy':
          return respond(failure(id ?? null, -32000, 'Busy'));
        default:
          return respond(failure(id ?? null, -32601, 'Method not found'));
      }
    };

    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        return socket.send(JSON.stringify(failure(null, -32700, 'Parse error')));
      }
      if (Array.isArray(parsed)) {
        if (parsed.length === 0) socket.send(JSON.stringify(failure(null, -32600, 'Invalid Request')));
        const answers = parsed.map(answer).filter((response) => response !== undefined);
        if (answers.length > 0) socket.send(JSON.stringify(answers));
      } else {
        const response = answer(parsed);
        if (response) socket.send(JSON.stringify(response));
      }
      // Notifications of a new subscription follow its result.
      for (const notify of notifyLater.splice(0)) notify();
    });
  };
  return listenWebSocket({ path: '/rpc', chooseProtocol: () => false, onSocket });
}
