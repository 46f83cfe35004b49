// The text-protocol detectors (Socket.IO, Engine.IO, STOMP, SockJS) against the first messages of other
// protocols and of plain apps: none of them may claim what is not theirs.
import { expect, test } from 'vitest';
import { engineIoDecoder } from '../../src/protocols/engine-io-decoder';
import { DETECTION_THRESHOLD } from '../../src/protocols/registry';
import { socketIoDecoder } from '../../src/protocols/socket.io';
import { sockJsDecoder } from '../../src/protocols/sockjs';
import { stompDecoder } from '../../src/protocols/stomp';
import type { MessageInput } from '../../src/protocols/types';

const text = (direction: 'send' | 'receive', body: string): MessageInput => ({ direction, kind: 'text', text: body });
const OTHERS: Record<string, { url: string; protocol?: string; messages: MessageInput[] }> = {
  'plain JSON chat': { url: 'wss://x/chat', messages: [text('send', '{"type":"join","room":"a"}'), text('receive', '{"type":"joined","users":3}')] },
  'a counter sending numbers': { url: 'wss://x/count', messages: [text('receive', '40'), text('receive', '41'), text('receive', '42'), text('receive', '43')] },
  'JSON-RPC': {
    url: 'wss://x/rpc',
    messages: [text('send', '{"jsonrpc":"2.0","id":1,"method":"sum","params":[1,2]}'), text('receive', '{"jsonrpc":"2.0","id":1,"result":3}')],
  },
  'graphql-ws': {
    url: 'wss://x/graphql',
    protocol: 'graphql-transport-ws',
    messages: [text('send', '{"type":"connection_init"}'), text('receive', '{"type":"connection_ack"}')],
  },
  Phoenix: {
    url: 'wss://x/socket/websocket?vsn=2.0.0',
    messages: [text('send', '["3","3","room:lobby","phx_join",{}]'), text('receive', '["3","3","room:lobby","phx_reply",{"status":"ok"}]')],
  },
  'Action Cable': {
    url: 'wss://x/cable',
    protocol: 'actioncable-v1-json',
    messages: [text('receive', '{"type":"welcome"}'), text('receive', '{"type":"ping","message":1}')],
  },
  SignalR: { url: 'wss://x/hub?id=abc', messages: [text('send', '{"protocol":"json","version":1}\x1e'), text('receive', '{}\x1e')] },
  'MQTT (binary)': {
    url: 'wss://x/mqtt',
    protocol: 'mqtt',
    messages: [{ direction: 'send', kind: 'binary', bytes: new Uint8Array([0x10, 0x0c, 0, 4, 77, 81, 84, 84, 4, 2, 0, 60, 0, 0]) }],
  },
  'plain text': { url: 'wss://x/echo', messages: [text('send', 'CONNECTING...'), text('receive', 'o'), text('receive', 'hello')] },
};

test.each(Object.entries(OTHERS))('%s is not claimed by Socket.IO, Engine.IO, STOMP or SockJS', (_name, { url, protocol = '', messages }) => {
  const context = { url, protocol, requestedProtocols: protocol ? [protocol] : [] };
  for (const decoder of [socketIoDecoder, engineIoDecoder, stompDecoder, sockJsDecoder]) {
    expect(decoder.detect(context, messages), decoder.id).toBeLessThanOrEqual(DETECTION_THRESHOLD);
  }
});
