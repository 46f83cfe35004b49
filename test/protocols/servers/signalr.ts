// A small SignalR hub server with `ws` (npm has no ASP.NET Core server), speaking the hub protocol as the spec
// and ASP.NET Core do (https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md):
// the JSON handshake ending in 0x1E, then JSON records (text messages) or VarInt-length-prefixed MessagePack
// arrays (binary messages, the handshake answer included). Clients connect with skipNegotiation and the
// WebSockets transport. Exported for the browser tests too.
//
// Hub methods: Add(a, b) → a + b; SendMessage(user, text) → ReceiveMessage(user, text) to every client;
// Fail() → a Completion error; Counter(count, delayMs) streams 0..count-1 (CancelInvocation stops it);
// AskClient(question) invokes the client's GetAnswer(question) and returns its result; Kick(reason) sends a
// Close with that error. After the handshake the server sends a Ping in the same WebSocket message, as ASP.NET
// Core's transport may join queued messages.
import { decode, encode } from '@msgpack/msgpack';
import type { WebSocket } from 'ws';
import { listenWebSocket } from './listen';

const RS = '\x1e';
const Type = { Invocation: 1, StreamItem: 2, Completion: 3, StreamInvocation: 4, CancelInvocation: 5, Ping: 6, Close: 7 } as const;

/** A hub message as the JSON protocol spells it; the MessagePack side maps it to and from arrays. */
interface HubMessage {
  type: number;
  headers?: Record<string, string>;
  invocationId?: string | null;
  target?: string;
  arguments?: unknown[];
  item?: unknown;
  result?: unknown;
  error?: string | null;
  allowReconnect?: boolean;
}

export interface SignalRServer {
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  close(): Promise<void>;
}

export async function startSignalRServer(): Promise<SignalRServer> {
  const clients = new Set<HubClient>();
  const running = await listenWebSocket({
    path: '',
    chooseProtocol: () => false,
    onSocket(socket) {
      const client = new HubClient(socket, clients);
      clients.add(client);
      socket.on('close', () => clients.delete(client));
    },
  });
  return { wsUrl: running.url, close: running.close };
}

class HubClient {
  private protocol: 'json' | 'messagepack' | undefined;
  private readonly streams = new Map<string, NodeJS.Timeout>();
  private readonly pendingClientResults = new Map<string, (message: HubMessage) => void>();
  private nextServerInvocation = 0;

  constructor(
    private readonly socket: WebSocket,
    private readonly clients: Set<HubClient>,
  ) {
    socket.on('message', (data: Buffer, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.streams.forEach((timer) => clearTimeout(timer)));
  }

  private receive(data: Buffer, isBinary: boolean): void {
    let rest = data;
    if (this.protocol === undefined) {
      const end = data.indexOf(0x1e);
      const request = JSON.parse(data.subarray(0, end).toString('utf8')) as { protocol: string; version: number };
      if (request.protocol !== 'json' && request.protocol !== 'messagepack') {
        this.socket.send(JSON.stringify({ error: `Requested protocol '${request.protocol}' is not available.` }) + RS);
        this.socket.close();
        return;
      }
      this.protocol = request.protocol;
      const answer = Buffer.from('{}' + RS);
      this.sendRaw(Buffer.concat([answer, this.serialize({ type: Type.Ping })]));
      rest = data.subarray(end + 1);
    }
    if (rest.length > 0) for (const message of this.parse(rest, isBinary)) this.dispatch(message);
  }

  private parse(data: Buffer, isBinary: boolean): HubMessage[] {
    if (!isBinary) {
      return data
        .toString('utf8')
        .split(RS)
        .filter(Boolean)
        .map((record) => JSON.parse(record) as HubMessage);
    }
    const messages: HubMessage[] = [];
    for (let at = 0; at < data.length;) {
      let length = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = data[at++]!;
        length |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      messages.push(fromArray(decode(data.subarray(at, at + length)) as unknown[]));
      at += length;
    }
    return messages;
  }

  private serialize(message: HubMessage): Buffer {
    if (this.protocol === 'json') return Buffer.from(JSON.stringify(message) + RS);
    const body = encode(toArray(message));
    const prefix: number[] = [];
    let length = body.length;
    do {
      prefix.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
      length >>>= 7;
    } while (length > 0);
    return Buffer.concat([Buffer.from(prefix), body]);
  }

  private sendRaw(bytes: Buffer): void {
    this.socket.send(bytes, { binary: this.protocol === 'messagepack' });
  }

  send(message: HubMessage): void {
    this.sendRaw(this.serialize(message));
  }

  private complete(invocationId: string | null | undefined, outcome: { result?: unknown; error?: string }): void {
    if (invocationId) this.send({ type: Type.Completion, invocationId, ...outcome });
  }

  private dispatch(message: HubMessage): void {
    switch (message.type) {
      case Type.Invocation:
      case Type.StreamInvocation:
        return this.invoke(message);
      case Type.Completion:
        return this.pendingClientResults.get(message.invocationId ?? '')?.(message);
      case Type.CancelInvocation: {
        const timer = this.streams.get(message.invocationId ?? '');
        if (timer === undefined) return;
        clearTimeout(timer);
        this.streams.delete(message.invocationId!);
        return this.complete(message.invocationId, {});
      }
      case Type.Close:
        return void this.socket.close();
    }
  }

  private invoke(message: HubMessage): void {
    const args = message.arguments ?? [];
    const id = message.invocationId;
    switch (message.target) {
      case 'Add':
        return this.complete(id, { result: (args[0] as number) + (args[1] as number) });
      case 'SendMessage':
        for (const client of this.clients) client.send({ type: Type.Invocation, target: 'ReceiveMessage', arguments: args });
        return this.complete(id, {});
      case 'Fail':
        return this.complete(id, { error: "An unexpected error occurred invoking 'Fail' on the server. HubException: it failed" });
      case 'Counter':
        return this.stream(id ?? '', args[0] as number, args[1] as number);
      case 'AskClient': {
        const serverId = String(this.nextServerInvocation++);
        this.pendingClientResults.set(serverId, (answer) => {
          this.pendingClientResults.delete(serverId);
          this.complete(id, answer.error ? { error: answer.error } : { result: answer.result });
        });
        return this.send({ type: Type.Invocation, invocationId: serverId, target: 'GetAnswer', arguments: args });
      }
      case 'Kick':
        this.send({ type: Type.Close, error: `Connection closed with an error. ${String(args[0])}`, allowReconnect: false });
        return void this.socket.close();
      default:
        return this.complete(id, { error: `Method does not exist.` });
    }
  }

  private stream(id: string, count: number, delayMs: number): void {
    let next = 0;
    const tick = () => {
      if (next === count) {
        this.streams.delete(id);
        return this.complete(id, {});
      }
      this.send({ type: Type.StreamItem, invocationId: id, item: next++ });
      this.streams.set(id, setTimeout(tick, delayMs));
    };
    tick();
  }
}

/** A hub message as the MessagePack protocol's array (HubProtocol.md, "MessagePack (MsgPack) encoding"). */
function toArray(message: HubMessage): unknown[] {
  const headers = message.headers ?? {};
  switch (message.type) {
    case Type.Invocation:
      return [Type.Invocation, headers, message.invocationId ?? null, message.target, message.arguments ?? []];
    case Type.StreamItem:
      return [Type.StreamItem, headers, message.invocationId, message.item];
    case Type.Completion:
      if (message.error) return [Type.Completion, headers, message.invocationId, 1, message.error];
      return message.result === undefined
        ? [Type.Completion, headers, message.invocationId, 2]
        : [Type.Completion, headers, message.invocationId, 3, message.result];
    case Type.Close:
      return [Type.Close, message.error ?? null, message.allowReconnect ?? false];
    default:
      return [message.type];
  }
}

function fromArray(array: unknown[]): HubMessage {
  const type = array[0] as number;
  switch (type) {
    case Type.Invocation:
    case Type.StreamInvocation:
      return { type, invocationId: array[2] as string | null, target: array[3] as string, arguments: array[4] as unknown[] };
    case Type.StreamItem:
      return { type, invocationId: array[2] as string, item: array[3] };
    case Type.Completion: {
      const kind = array[3] as number;
      return { type, invocationId: array[2] as string, ...(kind === 1 ? { error: array[4] as string } : kind === 3 ? { result: array[4] } : {}) };
    }
    case Type.CancelInvocation:
      return { type, invocationId: array[2] as string };
    default:
      return { type };
  }
}
