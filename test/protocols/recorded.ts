// Recorded traffic as the decoders see it: the connection's context and its messages, detected and
// decoded through the registry as the panel would.
import { detectProtocol } from '../../src/protocols/registry.ts';
import type { ConnectionContext, DecodedMessage, MessageInput, ProtocolDecoder } from '../../src/protocols/types.ts';
import type { RecordedConnection } from './recording-proxy.ts';

export function contextOf(connection: RecordedConnection): ConnectionContext {
  return { url: `ws://127.0.0.1${connection.url}`, protocol: connection.protocol, requestedProtocols: connection.requestedProtocols };
}

export function inputsOf(connection: RecordedConnection): MessageInput[] {
  return connection.messages.map((message) =>
    message.kind === 'text'
      ? { direction: message.direction, kind: 'text', text: message.text! }
      : { direction: message.direction, kind: 'binary', bytes: message.bytes! },
  );
}

/** The decoder the registry picks from the context and the first messages, and every message decoded by it in order. */
export function detectAndDecode(connection: RecordedConnection, firstCount = 8): { decoder: ProtocolDecoder | undefined; decoded: DecodedMessage[] } {
  const context = contextOf(connection);
  const inputs = inputsOf(connection);
  const decoder = detectProtocol(context, inputs.slice(0, firstCount));
  if (!decoder) return { decoder, decoded: [] };
  const state = decoder.createState(context);
  return { decoder, decoded: inputs.map((input) => decoder.decode(input, state, context)) };
}

/** Resolves once `condition` holds (checked every few milliseconds); the test's timeout bounds the wait. */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
