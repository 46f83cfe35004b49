// Sends each command from the content script to whatever holds its connection: a WebSocket of this
// context (commands.ts), a WebSocketStream (websocket-stream.ts), or a worker this context started
// (src/page/workers/), which carries it out with the same router. The capture settings go to all.
import type { HookEvent } from '../shared/messages';
import { parseCommand } from './command-parse';
import { handleCommand } from './commands';
import type { SocketHook } from './socket-wrapper';
import type { StreamHook } from './websocket-stream';
import type { WorkerCapture } from './workers/worker-capture';

export interface CommandTargets {
  sockets: SocketHook;
  streams: StreamHook | null;
  workers: WorkerCapture | null;
}

export function routeCommand(untrusted: unknown, targets: CommandTargets, emit: (event: HookEvent) => void): void {
  const command = parseCommand(untrusted);
  if (!command) return;
  if (command.t === 'config') targets.workers?.broadcast(command);
  if (command.t === 'connect' && command.holderOf !== undefined && !targets.sockets.find(command.holderOf) && !targets.streams?.find(command.holderOf)) {
    const worker = targets.workers?.route(command.holderOf);
    if (worker) return worker.post(command);
    // Opening it in the document instead would not be what the user asked for.
    return emit({ t: 'command-result', id: command.id, ok: false, error: 'The worker that held this connection is gone.' });
  }
  if (command.t === 'send' || command.t === 'inject') {
    if (!targets.sockets.find(command.conn)) {
      if (targets.streams?.find(command.conn)) return targets.streams.run(command);
      const worker = targets.workers?.route(command.conn);
      if (worker) return worker.post(command);
    }
  }
  handleCommand(command, targets.sockets, emit);
}
