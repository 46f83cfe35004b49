// MAIN-world entry, injected at document_start into every frame before any page script runs.
// Order matters: every built-in the hook relies on is captured while importing the modules below.
import { openHookChannel } from './channel';
import { handleCommand } from './commands';
import { binaryHandOver } from './payload-encoding';
import { installSocketHook, type SocketHook } from './socket-wrapper';
import { installInterceptor } from './intercept/interceptor';

try {
  // Chrome clones ArrayBuffers in event details between worlds; Firefox accepts only string details.
  binaryHandOver.asBytes = import.meta.env.MODE !== 'firefox';
  let sockets: SocketHook | null = null;
  // Before the channel: pairing may complete, and the relay's first intercept command arrive, inside openHookChannel.
  const interceptor = installInterceptor((event) => channel.emit(event));
  const channel = openHookChannel((command) => {
    if (interceptor.handle(command)) return;
    if (sockets) handleCommand(command, sockets, channel.emit);
  });
  sockets = installSocketHook(channel.emit);
} catch {
  // Never break the page: without the hook it simply isn't captured.
}
