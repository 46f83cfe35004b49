// Sends each command from the content script to whatever holds its connection: a WebSocket of this
// context (commands.ts), a WebSocketStream (websocket-stream.ts), or a worker this context started
// (src/page/workers/), which carries it out with the same router. The capture settings go to all.
import type { HookEvent } from '../shared/messages';
import { parseCommand } from './command-parse';
import { handleCommand } from './commands';
import type { SocketHook } from './socket-wrapper';
import type { StreamHook } from './websocket-stream';
import type { ChildLink, WorkerCapture } from './workers/worker-capture';

export interface CommandTargets {
  sockets: SocketHook;
  streams: StreamHook | null;
  workers: WorkerCapture | null;
}

export function routeCommand(untrusted: unknown, targets: CommandTargets, emit: (event: HookEvent) => void): void {
  const command = parseCommand(untrusted);
  if (!command) return;
  if (command.t === 'config') targets.workers?.broadcast(command);
  if (command.t === 'connect' && command.holderOf !== undefined) {
    const holder = holderOf(command.holderOf, targets);
    // Opening it in the document instead would not be what the user asked for.
    if (!holder) return emit({ t: 'command-result', id: command.id, ok: false, error: 'The worker that held this connection is gone.' });
    if (typeof holder === 'object') return holder.post(command);
  }
  if (command.t === 'send' || command.t === 'inject') {
    const holder = holderOf(command.conn, targets);
    if (holder === 'stream') return targets.streams!.run(command);
    if (typeof holder === 'object') return holder.post(command);
  }
  handleCommand(command, targets.sockets, emit);
}

/** What holds connection `conn`: a WebSocket or a WebSocketStream of this context, the port of the worker it is in, or nothing known. */
function holderOf(conn: string, targets: CommandTargets): 'socket' | 'stream' | ChildLink | undefined {
  if (targets.sockets.find(conn)) return 'socket';
  if (targets.streams?.find(conn)) return 'stream';
  return targets.workers?.route(conn);
}
