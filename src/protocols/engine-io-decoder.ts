// Plain Engine.IO, for servers that use it without Socket.IO: the packets, message data as text, JSON or bytes.
import { detectEngineIo } from './engine-io-detect.ts';
import { controlItem, decodeEnginePacket, engineIoVersionFromUrl, type EnginePacket, type EngineIoState } from './engine-io.ts';
import { jsonToTree, parseJson } from './json.ts';
import { bytesNode, leaf, preview } from './tree-nodes.ts';
import { summarize, type DecodedItem, type ProtocolDecoder } from './types.ts';

/** A message packet's item for plain Engine.IO: its text (a JSON tree when it is JSON) or its bytes. */
function messageItem(packet: Extract<EnginePacket, { type: 'message' }>): DecodedItem {
  if ('bytes' in packet) return { type: 'message', key: `${packet.bytes.length} bytes`, fields: { type: 'message' }, tree: [bytesNode('data', packet.bytes)] };
  const parsed = parseJson(packet.text);
  const tree =
    parsed.ok && (parsed.value.kind === 'object' || parsed.value.kind === 'array') ? [jsonToTree(parsed.value, 'data')] : [leaf('data', packet.text, 'text')];
  return { type: 'message', key: preview(packet.text), fields: { type: 'message' }, tree };
}

/** Plain Engine.IO, for servers that use it without Socket.IO. */
export const engineIoDecoder: ProtocolDecoder<EngineIoState> = {
  id: 'engine.io',
  name: 'Engine.IO',
  detect: (context, firstMessages) => detectEngineIo(context, firstMessages).engineIo,
  createState: (context) => ({ version: engineIoVersionFromUrl(context.url) }),
  decode(message, state) {
    const packet = decodeEnginePacket(message, state);
    if (packet.type === 'invalid') return { protocol: 'engine.io', summary: summarize([], packet.error), items: [], error: packet.error };
    const items = [packet.type === 'message' ? messageItem(packet) : controlItem(packet)];
    return { protocol: 'engine.io', summary: summarize(items), items };
  },
};
