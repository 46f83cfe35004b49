// The real @microsoft/signalr HubConnection (Node, `ws` underneath) with both hub protocols, against our hub
// server, through the recording proxy; the recorded messages are then decoded and checked against what the
// client did.
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection, type IHubProtocol } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DecodedItem } from '../../src/protocols/types';
import { decodeDetected as decodeAll } from './decode-connection';
import { startRecordingProxy, type RecordedConnection, type RecordedMessage, type RecordingProxy } from './recording-proxy';
import { startSignalRServer, type SignalRServer } from './servers/signalr';

let server: SignalRServer;
let proxy: RecordingProxy;
beforeAll(async () => {
  server = await startSignalRServer();
  proxy = await startRecordingProxy(server.wsUrl);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

function connection(protocol: IHubProtocol | undefined): HubConnection {
  const builder = new HubConnectionBuilder()
    .withUrl(`${proxy.httpUrl}/chathub`, { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None);
  if (protocol) builder.withHubProtocol(protocol);
  return builder.build();
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** A client Ping as each protocol writes it, told from the raw bytes (not by the decoder under test). */
const isClientPing = (message: RecordedMessage) =>
  message.direction === 'send' && (message.text === '{"type":6}\x1e' || (message.bytes !== undefined && message.bytes.join() === '2,145,6'));

const leaf = (item: DecodedItem, label: string) => item.tree.find((node) => node.label === label);

describe.each([
  { name: 'JSON', protocol: undefined, id: 'signalr-json', handshake: 'handshake json' },
  { name: 'MessagePack', protocol: new MessagePackHubProtocol(), id: 'signalr-msgpack', handshake: 'handshake messagepack' },
])('SignalR $name hub protocol, real client', ({ protocol, id, handshake }) => {
  let recorded: RecordedConnection;
  let kicked: RecordedConnection;

  beforeAll(async () => {
    const hub = connection(protocol);
    const chat: string[] = [];
    hub.on('ReceiveMessage', (user: string, text: string) => chat.push(`${user}: ${text}`));
    hub.on('GetAnswer', (question: string) => `answer to ${question}`);
    await hub.start();
    recorded = proxy.connections.at(-1)!;
    expect(await hub.invoke('Add', 40, 2)).toBe(42);
    await hub.send('SendMessage', 'ann', 'hello');
    await until(() => chat.length === 1);
    await hub.invoke('SendMessage', 'bob', 'hi');
    expect(chat).toEqual(['ann: hello', 'bob: hi']);
    await expect(hub.invoke('Fail')).rejects.toThrow(/it failed/);
    const counted: number[] = [];
    await new Promise<void>((resolve, reject) =>
      hub.stream<number>('Counter', 3, 1).subscribe({ next: (n) => counted.push(n), complete: resolve, error: reject }),
    );
    expect(counted).toEqual([0, 1, 2]);
    // Cancelled after its first item: the server takes the CancelInvocation before the next call, so answers stay in order.
    let cancelled = false;
    const subscription = hub.stream<number>('Counter', 1000, 20).subscribe({
      next: () => {
        if (!cancelled) subscription.dispose();
        cancelled = true;
      },
      complete: () => {},
      error: () => {},
    });
    await until(() => cancelled);
    expect(await hub.invoke('AskClient', 'life')).toBe('answer to life');
    // The client pings when it has sent nothing for this long.
    hub.keepAliveIntervalInMilliseconds = 10;
    await hub.invoke('Add', 1, 1);
    await until(() => recorded.messages.some(isClientPing));
    await hub.stop();

    const kickedHub = connection(protocol);
    await kickedHub.start();
    kicked = proxy.connections.at(-1)!;
    const closed = new Promise<Error | undefined>((resolve) => kickedHub.onclose(resolve));
    await kickedHub.invoke('Kick', 'bye').catch(() => {});
    expect(String(await closed)).toMatch(/bye/);
  });

  test(`detected as ${id} from the handshake`, () => {
    expect(decodeAll(recorded).id).toBe(id);
    expect(decodeAll(kicked).id).toBe(id);
  });

  test('every message decodes, in order, to what the client and the server did', () => {
    const { decoded } = decodeAll(recorded);
    expect(decoded.filter((message) => message.error !== undefined || message.items.some((item) => item.error))).toEqual([]);
    expect(decoded.every((message) => message.protocol === id)).toBe(true);
    const summaries = (direction: string) =>
      decoded
        .filter((message) => message.direction === direction && message.summary !== 'Ping')
        .map((message) => message.summary)
        // How many stream items reach the client before it cancels depends on timing.
        .filter((summary, index, all) => summary !== 'StreamItem 4' || all[index - 1] !== 'StreamItem 4');
    // stop() sends a Close without waiting for it to leave: whether it does before the socket closes is a race.
    const sent = summaries('send');
    expect(sent.slice(11)).toEqual(sent.length > 11 ? ['Close'] : []);
    expect(sent.slice(0, 11)).toEqual([
      handshake,
      'Invocation Add',
      'Invocation SendMessage',
      'Invocation SendMessage',
      'Invocation Fail',
      'StreamInvocation Counter',
      'StreamInvocation Counter',
      'CancelInvocation 4',
      'Invocation AskClient',
      'Completion 0',
      'Invocation Add',
    ]);
    expect(summaries('receive')).toEqual([
      'handshake accepted +1',
      'Completion 0',
      'Invocation ReceiveMessage',
      'Invocation ReceiveMessage',
      'Completion 1',
      'Completion 2',
      'StreamItem 3',
      'StreamItem 3',
      'StreamItem 3',
      'Completion 3',
      'StreamItem 4',
      'Completion 4',
      'Invocation GetAnswer',
      'Completion 5',
      'Completion 6',
    ]);
    expect(decoded.some((message) => message.direction === 'send' && message.summary === 'Ping')).toBe(true);
    expect(decoded[1]!.items.map((item) => item.type)).toEqual(['handshake', 'Ping']);
  });

  test('fields, trees and pairing: arguments, results, errors, the server invoking the client', () => {
    const items = decodeAll(recorded).decoded.flatMap((message) => message.items.map((item) => ({ direction: message.direction, ...item })));
    const add = items.find((item) => item.type === 'Invocation' && item.key === 'Add')!;
    expect(add.fields).toEqual({ target: 'Add', id: '0' });
    expect(add.correlation).toEqual({ role: 'request', scope: 'signalr:client', id: '0' });
    expect(leaf(add, 'arguments')!.children!.map((node) => node.value)).toEqual(['40', '2']);
    const added = items.find((item) => item.direction === 'receive' && item.type === 'Completion' && item.key === '0')!;
    expect(added.correlation).toEqual({ role: 'response', scope: 'signalr:client', id: '0' });
    expect(leaf(added, 'result')!.value).toBe('42');

    const notify = items.find((item) => item.type === 'Invocation' && item.key === 'SendMessage')!;
    expect(notify.fields).toEqual({ target: 'SendMessage' });
    expect(notify.correlation).toBeUndefined();

    const failed = items.find((item) => item.type === 'Completion' && item.key === '2')!;
    expect(failed.fields.error).toMatch(/HubException: it failed/);

    const ask = items.find((item) => item.type === 'Invocation' && item.key === 'GetAnswer')!;
    expect(ask.correlation).toEqual({ role: 'request', scope: 'signalr:server', id: '0' });
    const answer = items.find((item) => item.direction === 'send' && item.type === 'Completion')!;
    expect(answer.correlation).toEqual({ role: 'response', scope: 'signalr:server', id: '0' });
    expect(leaf(answer, 'result')!.value).toBe('answer to life');

    const streamed = items.filter((item) => item.type === 'StreamItem' && item.key === '3').map((item) => leaf(item, 'item')!.value);
    expect(streamed).toEqual(['0', '1', '2']);

    // Every answer pairs with a request of the same scope and id.
    const requests = new Set(items.filter((item) => item.correlation?.role === 'request').map((item) => `${item.correlation!.scope} ${item.correlation!.id}`));
    const answers = items.filter((item) => item.correlation?.role === 'response');
    expect(answers.length).toBeGreaterThan(8);
    for (const item of answers) expect(requests).toContain(`${item.correlation!.scope} ${item.correlation!.id}`);
  });

  test("the server's Close carries its error", () => {
    const { decoded } = decodeAll(kicked);
    const close = decoded.find((message) => message.direction === 'receive' && message.summary === 'Close')!;
    expect(close.items[0]!.fields.error).toBe('Connection closed with an error. bye');
    expect(decoded.map((message) => message.summary)).toContain('Invocation Kick');
  });
});
