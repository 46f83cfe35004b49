// The panel's .proto files: added, replaced and removed through the store, parsed together, problems kept
// with their place; message types bound per socket URL; a Protocol Buffers connection with a binding
// decodes with the schema; changes (also another panel's) ask for decoding again.
import { describe, expect, test, vi } from 'vitest';
import { ProtoSchemaSlice, type ProtoSchemaStore } from '../../src/panel/protocols/proto-slice';
import { decoderById } from '../../src/protocols/registry';
import type { ConnectionContext } from '../../src/protocols/types';
import { normalizeProtoSchemaSettings, type ProtoSchemaSettings } from '../../src/shared/proto-schemas';
import { encodeAs, fixtureRoot, protoFiles } from './proto-fixtures';

/** storage.local as the slice sees it: saves are stored normalized and reported to every listener. */
function memoryStore(initial: unknown = undefined) {
  let stored = normalizeProtoSchemaSettings(initial);
  const listeners = new Set<(settings: ProtoSchemaSettings) => void>();
  const store: ProtoSchemaStore = {
    load: async () => stored,
    save: async (settings) => {
      stored = normalizeProtoSchemaSettings(settings);
      for (const listener of listeners) listener(stored);
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { store, stored: () => stored, saveFromElsewhere: (settings: unknown) => store.save(normalizeProtoSchemaSettings(settings)) };
}

async function sliceOver(store: ProtoSchemaStore) {
  const changed = vi.fn();
  const slice = new ProtoSchemaSlice(store, changed);
  await slice.loaded;
  return { slice, changed };
}

const context = (url: string): ConnectionContext => ({ url, protocol: 'chat.proto.v1', requestedProtocols: ['chat.proto.v1'] });
const protobuf = decoderById('protobuf')!;

describe('files', () => {
  test('added files are stored and parsed together; the message types are listed', async () => {
    const { store, stored } = memoryStore();
    const { slice } = await sliceOver(store);
    expect(slice.state.value).toEqual({ status: 'none' });
    await slice.addFiles(protoFiles);
    await vi.waitFor(() => expect(slice.state.value.status).toBe('ok'));
    expect(stored().files.map((file) => file.name)).toEqual(['chat.proto', 'common.proto', 'legacy.proto']);
    const state = slice.state.value;
    expect(state.status === 'ok' && state.messageTypes).toContain('chat.v1.Envelope');
  });

  test('a broken file: the problems say where, nothing is decoded with the schema until fixed; replacing it fixes it', async () => {
    const { store } = memoryStore({ files: protoFiles.map((file) => ({ ...file, updatedAt: 1 })) });
    const { slice, changed } = await sliceOver(store);
    await slice.setTypes('ws://h/chat', { receive: 'chat.v1.Envelope' });
    await slice.addFiles([{ name: 'common.proto', text: 'syntax = "proto3";\npackage common;\nmessage Geo { double lat = ; }\n' }]);
    await vi.waitFor(() => expect(slice.state.value.status).toBe('problems'));
    const state = slice.state.value;
    expect(state.status === 'problems' && state.problems).toEqual([
      { file: 'common.proto', line: 3, column: 28, lineText: 'message Geo { double lat = ; }', message: "illegal id ';'" },
    ]);
    expect(slice.refine(protobuf, context('ws://h/chat'))).toBe(protobuf);
    const calls = changed.mock.calls.length;
    await slice.addFiles([protoFiles.find((file) => file.name === 'common.proto')!]);
    await vi.waitFor(() => expect(slice.state.value.status).toBe('ok'));
    expect(changed.mock.calls.length).toBeGreaterThan(calls);
  });

  test('removing the last file leaves no schema', async () => {
    const { store } = memoryStore({ files: [{ name: 'p.proto', text: 'syntax = "proto3"; message P { int32 x = 1; }' }] });
    const { slice } = await sliceOver(store);
    expect(slice.state.value.status).toBe('ok');
    await slice.removeFile('p.proto');
    expect(slice.state.value).toEqual({ status: 'none' });
  });
});

describe('message types per socket URL', () => {
  test('bound types decode a Protocol Buffers connection by name, whatever the query; other decoders and URLs are left alone', async () => {
    const { store, stored } = memoryStore({ files: protoFiles.map((file) => ({ ...file, updatedAt: 1 })) });
    const { slice, changed } = await sliceOver(store);
    changed.mockClear();
    await slice.setTypes('ws://h/chat?token=secret', { send: 'chat.v1.Envelope', receive: 'chat.v1.Envelope' });
    expect(stored().bindings).toEqual([{ url: 'ws://h/chat', send: 'chat.v1.Envelope', receive: 'chat.v1.Envelope' }]);
    expect(changed).toHaveBeenCalled();

    const decoder = slice.refine(protobuf, context('ws://h/chat?token=other'));
    expect(decoder).not.toBe(protobuf);
    const bytes = encodeAs(fixtureRoot(), 'chat.v1.Envelope', { chat: { text: 'hello' } });
    const decoded = decoder.decode({ direction: 'receive', kind: 'binary', bytes }, decoder.createState(context('ws://h/chat')), context('ws://h/chat'));
    expect(decoded.summary).toBe('Envelope chat');
    expect(JSON.stringify(decoded.items[0]!.tree)).toContain('{"label":"text","type":"string","value":"hello"}');

    expect(slice.refine(protobuf, context('ws://h/other'))).toBe(protobuf);
    const json = decoderById('json')!;
    expect(slice.refine(json, context('ws://h/chat'))).toBe(json);
  });

  test('clearing both directions forgets the binding', async () => {
    const { store, stored } = memoryStore({ bindings: [{ url: 'ws://h/chat', send: 'A' }] });
    const { slice } = await sliceOver(store);
    await slice.setTypes('ws://h/chat', { send: '', receive: '' });
    expect(stored().bindings).toEqual([]);
  });

  test("another panel's change arrives through the store and asks for decoding again", async () => {
    const { store, saveFromElsewhere } = memoryStore({ files: protoFiles.map((file) => ({ ...file, updatedAt: 1 })) });
    const { slice, changed } = await sliceOver(store);
    changed.mockClear();
    await saveFromElsewhere({ files: protoFiles.map((file) => ({ ...file, updatedAt: 1 })), bindings: [{ url: 'ws://h/chat', receive: 'chat.v1.Ping' }] });
    expect(slice.typesFor('ws://h/chat')).toEqual({ receive: 'chat.v1.Ping' });
    expect(changed).toHaveBeenCalledTimes(1);
  });
});
