// Feeds a recorded connection's messages, in order, to one decoder with one state, as the panel does.
import type { DecodedMessage, ProtocolDecoder } from '../../src/protocols/types';
import type { RecordedConnection } from './recording-proxy';

export function decodeConnection<State>(decoder: ProtocolDecoder<State>, connection: RecordedConnection): DecodedMessage[] {
  const context = { url: connection.url, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols };
  const state = decoder.createState(context);
  return connection.messages.map((message) =>
    decoder.decode(
      message.kind === 'text'
        ? { direction: message.direction, kind: 'text', text: message.text! }
        : { direction: message.direction, kind: 'binary', bytes: message.bytes! },
      state,
      context,
    ),
  );
}

/** "→ EVENT chat" for a sent message, "← ACK 1" for a received one: the log as the panel lists it. */
export function summaries(connection: RecordedConnection, decoded: DecodedMessage[]): string[] {
  return decoded.map((message, index) => `${connection.messages[index]!.direction === 'send' ? '→' : '←'} ${message.summary}`);
}
