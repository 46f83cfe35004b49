// Which of Engine.IO alone or Socket.IO on top of it a connection speaks, from its URL and first messages.
import { engineIoVersionFromUrl, isSocketIoPath, parseEngineText } from './engine-io.ts';
import { jsonField, parseJson } from './json.ts';
import type { ConnectionContext, MessageInput } from './types.ts';

/** How many messages detection reads. */
const SNIFFED_MESSAGES = 20;

/**
 * Scores for Engine.IO alone and for Socket.IO on top of it. The URL's EIO (and Socket.IO's path) is the
 * strong evidence; without it, an open packet's handshake, then Socket.IO-shaped packets ('40', '42["…'),
 * none of which is valid JSON, so plain JSON apps are not claimed.
 */
export function detectEngineIo(context: ConnectionContext, firstMessages: readonly MessageInput[]): { engineIo: number; socketIo: number } {
  const version = engineIoVersionFromUrl(context.url);
  const socketPath = isSocketIoPath(context.url);
  let open = false;
  let socketPackets = 0;
  let weakPackets = 0;
  let otherMessages = 0;
  let foreign = 0;
  for (const message of firstMessages.slice(0, SNIFFED_MESSAGES)) {
    if (message.kind !== 'text') continue;
    const packet = parseEngineText(message.text, version);
    if (packet.type === 'invalid') foreign++;
    else if (packet.type === 'open') open ||= isHandshake(packet.data);
    else if ('text' in packet) {
      const shape = socketIoShape(packet.text);
      if (shape === 'strong') socketPackets++;
      else if (shape === 'weak') weakPackets++;
      else otherMessages++;
    }
  }
  const mostlyForeign = foreign > firstMessages.length / 2;
  if (version !== undefined || socketPath) {
    const plainEngineIo = !socketPath && otherMessages > 0 && socketPackets === 0;
    const socketIo = socketPath && version !== undefined ? 0.95 : plainEngineIo ? 0.55 : socketPath ? 0.8 : 0.7;
    return { socketIo: mostlyForeign ? 0.3 : socketIo, engineIo: mostlyForeign ? 0.2 : plainEngineIo ? 0.75 : 0.6 };
  }
  if (mostlyForeign) return { socketIo: 0, engineIo: 0 };
  if (open)
    return { socketIo: socketPackets + weakPackets > 0 ? 0.85 : otherMessages > 0 ? 0.5 : 0.7, engineIo: otherMessages > 0 && socketPackets === 0 ? 0.7 : 0.6 };
  if (otherMessages > 0) return { socketIo: 0, engineIo: 0 };
  return { socketIo: socketPackets >= 2 ? 0.7 : socketPackets === 1 ? 0.6 : 0, engineIo: 0 };
}

function isHandshake(data: string): boolean {
  const parsed = parseJson(data);
  return parsed.ok && jsonField(parsed.value, 'sid') !== undefined && jsonField(parsed.value, 'pingInterval') !== undefined;
}

/**
 * 'strong': a Socket.IO packet with structure ('42["chat",1]', '40/admin,'); 'weak': a bare '0' or '1' (any
 * app might send '40' as a number); false: not Socket.IO.
 */
function socketIoShape(text: string): 'strong' | 'weak' | false {
  if (text === '0' || text === '1') return 'weak';
  const match = /^[0-6](?:\d+-)?(?:\/[^,]*,)?\d*/.exec(text.slice(0, 256));
  if (!match) return false;
  const rest = text.slice(match[0].length);
  if (rest === '') return match[0].length > 1 && match[0].endsWith(',') ? 'strong' : false;
  const first = rest[0];
  return (first === '[' || first === '{' || first === '"') && parseJson(rest).ok ? 'strong' : false;
}
