// graphql-ws's real server (useServer over ws, sub-protocol graphql-transport-ws) serving the price schema.
import { useServer } from 'graphql-ws/use/ws';
import { priceSchema } from './graphql-schema.ts';
import { listenWebSockets, type RunningServer } from './listen.ts';

/** Serves GraphQL over WebSocket at /graphql; the server sends WebSocket ping frames every `keepAliveMs`. */
export async function startGraphqlWsServer(keepAliveMs = 12_000): Promise<RunningServer> {
  let dispose: () => unknown = () => undefined;
  const { wss, running } = await listenWebSockets({ path: '/graphql' }, () => dispose());
  const server = useServer({ schema: priceSchema }, wss, keepAliveMs);
  dispose = () => server.dispose();
  return running;
}
