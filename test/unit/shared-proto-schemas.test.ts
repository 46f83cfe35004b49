// The stored shape of .proto files and message-type bindings: malformed storage is cleaned on read, and
// a socket finds its message types (its own choice first, then its URL's binding).
import { describe, expect, test } from 'vitest';
import { bindingUrl, normalizeProtoSchemaSettings, protoTypesFor } from '../../src/shared/proto-schemas';

describe('normalizeProtoSchemaSettings', () => {
  test('keeps well-formed files and bindings as stored', () => {
    const stored = {
      files: [{ name: 'chat.proto', text: 'syntax = "proto3";', updatedAt: 5 }],
      bindings: [{ url: 'wss://api.example/stream', send: 'chat.v1.Envelope', receive: 'chat.v1.Envelope' }],
    };
    expect(normalizeProtoSchemaSettings(stored)).toEqual(stored);
  });

  test('drops what is malformed, duplicated or empty; strips query and fragment from binding URLs', () => {
    const stored = {
      files: [{ name: 'a.proto', text: 'x' }, { name: 'a.proto', text: 'y' }, { name: '', text: 'z' }, { name: 'b.proto', text: 7 }, 'c.proto', null],
      bindings: [
        { url: 'wss://h/p?token=secret#f', receive: 'T' },
        { url: 'wss://h/p', send: 'Other' },
        { url: 'wss://h/q', send: '', receive: 3 },
        { send: 'T' },
      ],
    };
    expect(normalizeProtoSchemaSettings(stored)).toEqual({
      files: [{ name: 'a.proto', text: 'x', updatedAt: 0 }],
      bindings: [{ url: 'wss://h/p', receive: 'T' }],
    });
    for (const raw of [undefined, null, 'x', [], { files: 'no', bindings: {} }]) expect(normalizeProtoSchemaSettings(raw)).toEqual({ files: [], bindings: [] });
  });
});

describe('protoTypesFor', () => {
  const settings = normalizeProtoSchemaSettings({ files: [], bindings: [{ url: 'wss://h/stream', send: 'A', receive: 'B' }] });

  test("a socket's URL binding applies whatever its query", () => {
    expect(bindingUrl('wss://h/stream?session=1')).toBe('wss://h/stream');
    expect(protoTypesFor(settings, 'wss://h/stream?session=1')).toEqual({ send: 'A', receive: 'B' });
    expect(protoTypesFor(settings, 'wss://h/other')).toBeUndefined();
  });

  test("a connection's own choice wins over its URL's binding; an empty choice does not", () => {
    expect(protoTypesFor(settings, 'wss://h/stream', { receive: 'C' })).toEqual({ receive: 'C' });
    expect(protoTypesFor(settings, 'wss://h/stream', {})).toEqual({ send: 'A', receive: 'B' });
  });
});
