// The protocol slice over a real LogSlice and the real decoders: what it keeps of each decoded message.
// A million generic JSON rows must not keep a tree each (the Payload tab reads the JSON itself), while a
// protocol's own messages keep theirs for the Decoded tab; field filters read the kept records.
import { afterEach, expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import { connection as seededConnection } from '../e2e/seed';
import { textRow } from './panel-rows';
import { compileFilter, NO_FILTER } from '../../src/panel/filters';
import { ProtocolSlice } from '../../src/panel/protocols/protocol-slice';
import { LogSlice } from '../../src/panel/state/log-slice';
import { SessionSlice } from '../../src/panel/state/session-slice';

const slices: ProtocolSlice[] = [];
afterEach(() => {
  for (const slice of slices.splice(0)) slice.dispose();
});

const connection = (id: string, url: string) => seededConnection(id, 's', 1, { url });
const row = (connectionId: string, text: string) => textRow(connectionId, 'receive', text, 1000);

async function decodedSlice(rows: StoredMessage[], treesKept?: number) {
  const log = new LogSlice(
    async () => [],
    () => {},
  );
  const session = new SessionSlice(1);
  session.setConnections([
    connection('plain', 'ws://127.0.0.1:1/feed'),
    connection('io', 'ws://127.0.0.1:2/socket.io/?EIO=4&transport=websocket'),
    connection('rpc', 'ws://127.0.0.1:3/rpc'),
  ]);
  const protocols = new ProtocolSlice(
    async () => [],
    log,
    session,
    { load: async () => ({}), save: async () => {} },
    () => {},
    undefined,
    treesKept,
  );
  slices.push(protocols);
  log.append(rows, compileFilter(NO_FILTER));
  while (protocols.decodedCount < rows.length) await new Promise((resolve) => setTimeout(resolve, 5));
  return { log, protocols };
}

test('generic JSON rows keep their summary and fields but no tree; a protocol of its own keeps its tree apart', async () => {
  const json = row('plain', '{"type":"Tick","seq":1,"body":{"price":"1.5"}}');
  const socketIo = [row('io', '0{"sid":"abc"}'), row('io', '42["chat",{"text":"hi"}]')];
  const { log, protocols } = await decodedSlice([json, ...socketIo]);

  const plain = protocols.decodedOf(json.id)!;
  expect(plain.protocol).toBe('json');
  expect(plain.items.map((item) => [item.type, item.fields, item.tree])).toEqual([['Tick', { type: 'Tick' }, []]]);
  expect(protocols.keptWithTree(json.id)).toBeUndefined();
  const event = protocols.decodedOf(socketIo[1]!.id)!;
  expect(event.protocol).toBe('socket.io');
  expect(event.items[0]!.tree).toEqual([]);
  expect(protocols.keptWithTree(socketIo[1]!.id)!.items[0]!.tree.length).toBeGreaterThan(0);

  // Field terms still find both kinds, case-insensitively, by part of a value.
  const shown = (text: string) => {
    const filter = compileFilter({ ...NO_FILTER, text }, (id) => protocols.decodedOf(id));
    if (!filter.ok) throw new Error(filter.error);
    log.refilter(filter);
    return Array.from(log.visible.value, (index) => log.idAt(index));
  };
  expect(shown('type:tic')).toEqual([json.id]);
  expect(shown('protocol:json type:tick')).toEqual([json.id]);
  expect(shown('event:CHAT')).toEqual([socketIo[1]!.id]);
  expect(shown('protocol:socket.io')).toEqual(socketIo.map((message) => message.id));
});

test("past the newest messages kept with their trees, a message is decoded again, with its connection's state, as it first was", async () => {
  const rpc = [
    row('rpc', '{"jsonrpc":"2.0","id":1,"method":"user.get","params":{"id":7}}'),
    row('plain', '{"type":"noise"}'),
    row('rpc', '{"jsonrpc":"2.0","id":2,"method":"user.list"}'),
    row('rpc', '{"jsonrpc":"2.0","id":1,"result":{"name":"Ada"}}'),
    row('rpc', '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no such method"}}'),
    row('io', '0{"sid":"abc"}'),
  ];
  const everyTree = await decodedSlice(rpc);
  const fewTrees = await decodedSlice(rpc, 1);

  // The answer to request 1 names the method its request called: state carried from the request.
  const answer = rpc[3]!.id;
  expect(JSON.stringify(everyTree.protocols.keptWithTree(answer))).toContain('user.get');
  expect(fewTrees.protocols.keptWithTree(answer)).toBeUndefined();
  for (const message of rpc.filter((candidate) => candidate.connectionId !== 'plain')) {
    expect(await fewTrees.protocols.withTree(message.id)).toEqual(everyTree.protocols.keptWithTree(message.id));
  }
  expect(fewTrees.protocols.keptWithTree(rpc[5]!.id)).toBeDefined();
});
