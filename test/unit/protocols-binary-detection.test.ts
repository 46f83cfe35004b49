// Detection across the whole registry: the SignalR, WAMP, MessagePack and CBOR connections are taken by their
// own decoders, and the others' first messages (text protocols, MQTT, Protocol Buffers, plain apps) by none
// of these four.
import { encode } from '@msgpack/msgpack';
import { describe, expect, test } from 'vitest';
import { cborDecoder, msgpackDecoder } from '../../src/protocols/packed-decoders';
import { DETECTION_THRESHOLD, detectProtocol } from '../../src/protocols/registry';
import { signalrJsonDecoder, signalrMessagepackDecoder } from '../../src/protocols/signalr';
import type { MessageInput } from '../../src/protocols/types';
import { wampDecoder } from '../../src/protocols/wamp';
import { hex } from './packed-helpers';

const text = (direction: 'send' | 'receive', body: string): MessageInput => ({ direction, kind: 'text', text: body });
const binary = (direction: 'send' | 'receive', bytes: Uint8Array | string): MessageInput => ({
  direction,
  kind: 'binary',
  bytes: typeof bytes === 'string' ? hex(bytes) : bytes,
});

interface Sample {
  url: string;
  protocol?: string;
  messages: MessageInput[];
}

const OURS: Record<string, Sample & { id: string }> = {
  'SignalR JSON': {
    id: 'signalr-json',
    url: 'wss://x/chathub?id=Xk2',
    messages: [text('send', '{"protocol":"json","version":1}\x1e'), text('receive', '{}\x1e'), text('send', '{"type":1,"target":"Send","arguments":[]}\x1e')],
  },
  'SignalR MessagePack': {
    id: 'signalr-msgpack',
    url: 'wss://x/chathub',
    messages: [text('send', '{"protocol":"messagepack","version":1}\x1e'), binary('receive', '7b 7d 1e 02 91 06')],
  },
  'WAMP JSON': { id: 'wamp', url: 'wss://x/ws', protocol: 'wamp.2.json', messages: [text('send', '[1,"realm1",{"roles":{"caller":{}}}]')] },
  'WAMP MessagePack': { id: 'wamp', url: 'wss://x/ws', protocol: 'wamp.2.msgpack', messages: [binary('send', encode([1, 'realm1', { roles: {} }]))] },
  'WAMP without a sub-protocol': { id: 'wamp', url: 'wss://x/ws', messages: [text('send', '[1,"realm1",{"roles":{"caller":{}}}]')] },
  MessagePack: {
    id: 'msgpack',
    url: 'wss://x/feed',
    messages: [binary('receive', encode({ type: 'tick', price: 1.5 })), binary('receive', encode({ type: 'tick', price: 1.25 }))],
  },
  CBOR: { id: 'cbor', url: 'wss://x/iot', messages: [binary('receive', 'd9d9f7 a2 64 74797065 63 746d70 61 76 f9 4d60')] },
};

const OTHERS: Record<string, Sample> = {
  'plain JSON chat': { url: 'wss://x/chat', messages: [text('send', '{"type":"join","room":"a"}'), text('receive', '{"type":1,"users":3}')] },
  'JSON-RPC': { url: 'wss://x/rpc?id=7', messages: [text('send', '{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}')] },
  'graphql-ws': { url: 'wss://x/graphql', protocol: 'graphql-transport-ws', messages: [text('send', '{"type":"connection_init"}')] },
  Phoenix: { url: 'wss://x/socket/websocket?vsn=2.0.0', messages: [text('send', '["3","3","room:lobby","phx_join",{}]')] },
  'Socket.IO': { url: 'wss://x/socket.io/?EIO=4&transport=websocket', messages: [text('receive', '0{"sid":"a","upgrades":[],"pingInterval":25000}')] },
  STOMP: { url: 'wss://x/stomp', protocol: 'v12.stomp', messages: [text('send', 'CONNECT\naccept-version:1.2\nhost:x\n\n\0')] },
  MQTT: { url: 'wss://x/mqtt', protocol: 'mqtt', messages: [binary('send', '10 0c 00 04 4d 51 54 54 04 02 00 3c 00 00')] },
  'Protocol Buffers': { url: 'wss://x/pb', messages: [binary('receive', '08 96 01 12 07 74 65 73 74 69 6e 67'), binary('receive', '0a 03 61 62 63 10 01')] },
  'random binary': { url: 'wss://x/bin', messages: [binary('receive', 'de ad be ef 00 11 22 33 44 55 66 77')] },
  'plain text': { url: 'wss://x/echo', messages: [text('send', 'hello'), text('receive', 'hello')] },
};

const contextOf = ({ url, protocol = '' }: Sample) => ({ url, protocol, requestedProtocols: protocol ? [protocol] : [] });

describe('our protocols are detected as themselves by the whole registry', () => {
  test.each(Object.entries(OURS))('%s', (_name, sample) => {
    expect(detectProtocol(contextOf(sample), sample.messages)?.id).toBe(sample.id);
  });
});

describe("others' first messages are not claimed by SignalR, WAMP, MessagePack or CBOR", () => {
  test.each(Object.entries(OTHERS))('%s', (_name, sample) => {
    for (const decoder of [signalrJsonDecoder, signalrMessagepackDecoder, wampDecoder, msgpackDecoder, cborDecoder]) {
      expect(decoder.detect(contextOf(sample), sample.messages), decoder.id).toBeLessThanOrEqual(DETECTION_THRESHOLD);
    }
  });
});
