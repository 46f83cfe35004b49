// An Action Cable server speaking the wire protocol as Rails does (ActionCable::Connection::Base,
// Subscriptions and Channel::Base; sub-protocol actioncable-v1-json), since npm has no Action Cable server.
//  - on open: {type: welcome}, then {type: ping, message: <unix seconds>} every `pingIntervalMs`
//    (Rails: 3 s); with ?reject=1 in the URL the connection is refused as Rails' reject_unauthorized_connection
//    does: {type: disconnect, reason: unauthorized, reconnect: false}, then close.
//  - subscribe: ChatChannel confirms ({identifier, type: confirm_subscription}); RejectedChannel rejects
//    (reject_subscription); an unknown channel or a repeated identifier gets no answer (Rails only logs).
//  - message: ChatChannel's "speak" action broadcasts {identifier, message: {room, body}} to every
//    subscriber of that room; unsubscribe: removes the subscription, no answer.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { listenWebSocket, type RunningServer } from './listen.ts';

export const ACTION_CABLE_PROTOCOLS = ['actioncable-v1-json', 'actioncable-unsupported'];

interface Subscription {
  socket: WebSocket;
  identifier: string;
  room: string;
}

export async function startActionCableServer(options: { pingIntervalMs?: number } = {}): Promise<RunningServer> {
  const subscriptions = new Set<Subscription>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  const transmit = (socket: WebSocket, message: object) => socket.send(JSON.stringify(message));

  const onSocket = (socket: WebSocket, request: IncomingMessage) => {
    if (new URL(request.url ?? '/', 'http://localhost').searchParams.get('reject') === '1') {
      transmit(socket, { type: 'disconnect', reason: 'unauthorized', reconnect: false });
      return socket.close();
    }
    transmit(socket, { type: 'welcome' });
    const ping = setInterval(() => transmit(socket, { type: 'ping', message: Math.floor(Date.now() / 1000) }), options.pingIntervalMs ?? 3000);
    timers.add(ping);
    socket.on('close', () => {
      clearInterval(ping);
      timers.delete(ping);
      for (const subscription of subscriptions) if (subscription.socket === socket) subscriptions.delete(subscription);
    });

    socket.on('message', (data) => {
      let command: { command?: string; identifier?: string; data?: string };
      let params: { channel?: string; room?: string };
      let payload: { action?: string; body?: string };
      try {
        command = JSON.parse(String(data)) as typeof command;
        params = JSON.parse(command.identifier ?? '') as typeof params;
        payload = command.command === 'message' ? (JSON.parse(command.data ?? '') as typeof payload) : {};
      } catch {
        return; // Rails logs "Could not execute command" and carries on.
      }
      const identifier = command.identifier!;
      const existing = [...subscriptions].find((subscription) => subscription.socket === socket && subscription.identifier === identifier);
      switch (command.command) {
        case 'subscribe':
          if (existing) return;
          if (params.channel === 'RejectedChannel') return transmit(socket, { identifier, type: 'reject_subscription' });
          if (params.channel !== 'ChatChannel') return;
          subscriptions.add({ socket, identifier, room: params.room ?? '' });
          return transmit(socket, { identifier, type: 'confirm_subscription' });
        case 'unsubscribe':
          if (existing) subscriptions.delete(existing);
          return;
        case 'message': {
          if (!existing || payload.action !== 'speak') return;
          for (const subscription of subscriptions) {
            if (subscription.room === existing.room)
              transmit(subscription.socket, { identifier: subscription.identifier, message: { room: existing.room, body: payload.body } });
          }
        }
      }
    });
  };
  return listenWebSocket({
    path: '/cable',
    // Like the websocket-driver Rails uses: the first sub-protocol the client offers that the server supports.
    chooseProtocol: (offered) => [...offered].find((protocol) => ACTION_CABLE_PROTOCOLS.includes(protocol)) ?? false,
    onSocket,
    onClose: async () => timers.forEach(clearInterval),
  });
}
