// A subscriptions-transport-ws server (Apollo's legacy protocol, sub-protocol graphql-ws), written after
// the reference server (apollographql/subscriptions-transport-ws, src/server.ts and PROTOCOL.md), since
// the package is deprecated and not installed: connection_init → connection_ack (+ ka when keep-alive
// is on) or connection_error; start → data for each result, then complete; parse failures → error;
// validation errors → data with errors; stop → the operation's iterator returns, then complete;
// connection_terminate → close.
import { type DocumentNode, type ExecutionResult, execute, getOperationAST, parse, subscribe, validate } from 'graphql/index.js';
import { WebSocket } from 'ws';
import { priceSchema } from './graphql-schema.ts';
import { listenWebSocket, type RunningServer } from './listen.ts';

export const LEGACY_SUB_PROTOCOL = 'graphql-ws';

export interface LegacyServerOptions {
  /** Sends ka right after connection_ack and then every so often; 0: no keep-alive. */
  keepAliveMs?: number;
  /** Refuses a connection_init (connection_error, then close 1011) when this returns false. */
  onConnect?: (payload: unknown) => boolean;
}

interface OperationMessage {
  type?: unknown;
  id?: unknown;
  payload?: { query?: unknown; variables?: Record<string, unknown>; operationName?: string } & Record<string, unknown>;
}

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export async function startSubscriptionsTransportWsServer(options: LegacyServerOptions = {}): Promise<RunningServer> {
  return listenWebSocket({
    path: '/graphql',
    chooseProtocol: (offered) => (offered.has(LEGACY_SUB_PROTOCOL) ? LEGACY_SUB_PROTOCOL : false),
    onSocket: (socket) => serveLegacyConnection(socket, options),
  });
}

function serveLegacyConnection(socket: WebSocket, options: LegacyServerOptions): void {
  if (socket.protocol !== LEGACY_SUB_PROTOCOL) return socket.close(1002);
  const operations = new Map<string, AsyncIterator<ExecutionResult> | undefined>();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const sendMessage = (type: string, id?: string, payload?: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id, type, payload }));
  };
  const unsubscribe = (id: string) => {
    const operation = operations.get(id);
    operations.delete(id);
    void operation?.return?.();
  };
  socket.on('close', () => {
    clearInterval(keepAlive);
    for (const id of [...operations.keys()]) unsubscribe(id);
  });

  const start = async (id: string, payload: NonNullable<OperationMessage['payload']>) => {
    if (operations.has(id)) unsubscribe(id);
    operations.set(id, undefined);
    let document: DocumentNode;
    try {
      document = parse(String(payload.query));
    } catch (error) {
      return sendMessage('error', id, { message: (error as Error).message });
    }
    const validationErrors = validate(priceSchema, document);
    const args = { schema: priceSchema, document, variableValues: payload.variables, operationName: payload.operationName };
    const outcome: ExecutionResult | AsyncIterableIterator<ExecutionResult> =
      validationErrors.length > 0
        ? { errors: validationErrors }
        : getOperationAST(document, payload.operationName)?.operation === 'subscription'
          ? await subscribe(args)
          : await execute(args);
    if (!isAsyncIterable(outcome)) {
      sendMessage('data', id, outcome);
      return sendMessage('complete', id, null);
    }
    // Stopped before the subscription was set up: nothing to run.
    if (!operations.has(id)) return void outcome.return?.();
    operations.set(id, outcome);
    for await (const result of outcome) sendMessage('data', id, result);
    sendMessage('complete', id, null);
  };

  socket.on('message', (data) => {
    let message: OperationMessage;
    try {
      message = JSON.parse(String(data)) as OperationMessage;
    } catch (error) {
      return sendMessage('connection_error', undefined, { message: (error as Error).message });
    }
    const id = typeof message.id === 'string' ? message.id : '';
    switch (message.type) {
      case 'connection_init':
        if (options.onConnect?.(message.payload) === false) {
          sendMessage('connection_error', undefined, { message: 'Prohibited connection!' });
          setTimeout(() => socket.close(1011), 10);
          return;
        }
        sendMessage('connection_ack');
        if (options.keepAliveMs) {
          sendMessage('ka');
          keepAlive = setInterval(() => sendMessage('ka'), options.keepAliveMs);
        }
        return;
      case 'connection_terminate':
        return socket.close();
      case 'start':
        return void start(id, message.payload ?? {}).catch((error: Error) => sendMessage('error', id, { message: error.message }));
      case 'stop':
        return unsubscribe(id);
      default:
        return sendMessage('error', id, { message: 'Invalid message type!' });
    }
  });
}
