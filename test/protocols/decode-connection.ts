// Feeds a recorded connection's messages, in order, to one decoder with one state, as the panel does.
import { detectProtocol } from '../../src/protocols/registry';
import type { ConnectionContext, DecodedMessage, MessageInput, ProtocolDecoder } from '../../src/protocols/types';
import type { RecordedConnection, RecordedMessage } from './recording-proxy';

/** A recorded message as a decoder takes it. */
export function toInput(message: RecordedMessage): MessageInput {
  return message.kind === 'text'
    ? { direction: message.direction, kind: 'text', text: message.text! }
    : { direction: message.direction, kind: 'binary', bytes: message.bytes! };
}

/** The connection as a decoder sees it: its URL (path and query), the chosen and the offered sub-protocols. */
export function contextOf(connection: RecordedConnection): ConnectionContext {
  return { url: connection.url, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols };
}

export function decodeConnection<State>(decoder: ProtocolDecoder<State>, connection: RecordedConnection): DecodedMessage[] {
  const context = contextOf(connection);
  const state = decoder.createState(context);
  return connection.messages.map((message) => decoder.decode(toInput(message), state, context));
}

/** The connection decoded by the decoder detection picks from its first five messages, each with its direction. */
export function decodeDetected(connection: RecordedConnection): { id: string; decoded: (DecodedMessage & { direction: 'send' | 'receive' })[] } {
  const decoder = detectProtocol(contextOf(connection), connection.messages.slice(0, 5).map(toInput));
  if (!decoder) throw new Error(`no decoder detected for ${connection.url}`);
  const decoded = decodeConnection(decoder, connection).map((message, index) => ({ direction: connection.messages[index]!.direction, ...message }));
  return { id: decoder.id, decoded };
}

/** "→ EVENT chat" for a sent message, "← ACK 1" for a received one: the log as the panel lists it. */
export function summaries(connection: RecordedConnection, decoded: DecodedMessage[]): string[] {
  return decoded.map((message, index) => `${connection.messages[index]!.direction === 'send' ? '→' : '←'} ${message.summary}`);
}
