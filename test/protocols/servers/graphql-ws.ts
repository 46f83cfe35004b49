// graphql-ws's real server (useServer over ws, sub-protocol graphql-transport-ws) serving the price schema.
import { handleProtocols } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { priceSchema } from './graphql-schema.ts';
import { listenWebSocket, type RunningServer } from './listen.ts';

/** Serves GraphQL over WebSocket at /graphql; the server sends WebSocket ping frames every `keepAliveMs`. */
export async function startGraphqlWsServer(keepAliveMs = 12_000): Promise<RunningServer> {
  let server: ReturnType<typeof useServer> | undefined;
  return listenWebSocket({
    path: '/graphql',
    chooseProtocol: handleProtocols,
    onServer: (wss) => (server = useServer({ schema: priceSchema }, wss, keepAliveMs)),
    onClose: async () => {
      await server?.dispose();
    },
  });
}
