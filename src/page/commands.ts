// Carries out ContentToPage commands from the secret channel: change capture settings, send on a
// page's socket, inject a message as if from the server, open a new socket. Each command but `config`
// is answered with a `command-result`.
import type { HookEvent, PageToContent, PayloadInput } from '../shared/messages';
import { parseCommand } from './command-parse';
import type { Connection } from './connection';
import { captureSettings } from './message-capture';
import { base64Decode, exactArrayBuffer } from './payload-encoding';
import { NativeBlob, NativeString, setPrototypeOf } from '../worlds/pristine';
import { CLOSING, CONNECTING, OPEN, binaryTypeOf, type SocketHook } from './socket-wrapper';

const NativeMessageEvent = MessageEvent;
const NativeURL = URL;

export function handleCommand(untrusted: unknown, sockets: SocketHook, emit: (event: HookEvent) => void): void {
  const command = parseCommand(untrusted);
  if (!command) return;
  if (command.t === 'config') {
    captureSettings.maxPayloadBytes = command.maxPayloadBytes;
    return;
  }
  const result: PageToContent = { t: 'command-result', id: command.id, ok: true };
  try {
    if (command.t === 'connect') {
      result.conn = sockets.connect(command.url, command.protocols).id;
    } else {
      const connection = openConnection(sockets, command.conn);
      if (command.t === 'send') sockets.sendReplayed(connection, decodePayload(command.payload));
      else inject(sockets, connection, command.payload);
    }
  } catch (error) {
    result.ok = false;
    result.error = describeError(error);
  }
  emit(result);
}

/** The connection if it is OPEN; otherwise throws a message fit for the user. */
function openConnection(sockets: SocketHook, id: string): Connection {
  const connection = sockets.find(id);
  if (!connection) throw new CommandError(`No such connection in this frame: ${id}`);
  const state = sockets.readyState(connection);
  if (state === OPEN) return connection;
  if (state === CONNECTING) throw new CommandError('Socket is still connecting');
  if (state === CLOSING) throw new CommandError('Socket is closing');
  const code = connection.closeInfo ? NativeString(connection.closeInfo.code) : 'unknown';
  throw new CommandError(`Socket is closed (code ${code})`);
}

function inject(sockets: SocketHook, connection: Connection, payload: PayloadInput): void {
  const socket = connection.socket!;
  let data: string | ArrayBuffer | Blob = decodePayload(payload);
  if (typeof data !== 'string' && binaryTypeOf(socket) === 'blob') data = new NativeBlob([data]);
  // A server message's origin is the serialization of the socket URL's origin (ws://host:port).
  const origin = new NativeURL(connection.url).origin;
  const event = new NativeMessageEvent('message', setPrototypeOf({ data, origin }, null) as MessageEventInit);
  sockets.dispatchInjected(connection, event);
}

export function decodePayload(payload: PayloadInput): string | ArrayBuffer {
  if (payload.kind === 'text') return payload.data;
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(payload.data);
  } catch {
    throw new CommandError('Payload is not valid base64');
  }
  return exactArrayBuffer(bytes);
}

export class CommandError extends Error {}

export function describeError(error: unknown): string {
  try {
    if (error instanceof CommandError) return error.message;
    if (typeof error === 'object' && error !== null) {
      const { name, message } = error as { name?: unknown; message?: unknown };
      return `${NativeString(name)}: ${NativeString(message)}`;
    }
    return NativeString(error);
  } catch {
    return 'Unknown error';
  }
}
