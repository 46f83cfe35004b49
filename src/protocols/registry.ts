// Every decoder, and the choice among them. Each protocol's module adds one line to DECODERS.
import { actionCableDecoder } from './actioncable.ts';
import { engineIoDecoder } from './engine-io-decoder.ts';
import { graphqlTransportWsDecoder, subscriptionsTransportWsDecoder } from './graphql-ws.ts';
import { jsonLinesDecoder } from './json-lines.ts';
import { plainJsonDecoder } from './json-plain.ts';
import { jsonRpcDecoder } from './json-rpc.ts';
import { mqttDecoder } from './mqtt.ts';
import { cborDecoder, msgpackDecoder } from './packed-decoders.ts';
import { phoenixDecoder } from './phoenix.ts';
import { protobufDecoder } from './protobuf.ts';
import { signalrJsonDecoder, signalrMessagepackDecoder } from './signalr.ts';
import { socketIoDecoder } from './socket.io.ts';
import { sockJsDecoder } from './sockjs.ts';
import { stompDecoder } from './stomp.ts';
import { wampDecoder } from './wamp.ts';
import type { ConnectionContext, MessageInput, ProtocolDecoder } from './types.ts';

// prettier-ignore
export const DECODERS: readonly ProtocolDecoder[] = [
  mqttDecoder,
  protobufDecoder,
  socketIoDecoder,
  engineIoDecoder,
  stompDecoder,
  sockJsDecoder,
  signalrJsonDecoder,
  signalrMessagepackDecoder,
  wampDecoder,
  msgpackDecoder,
  cborDecoder,
  graphqlTransportWsDecoder,
  subscriptionsTransportWsDecoder,
  phoenixDecoder,
  actionCableDecoder,
  jsonRpcDecoder,
  // The JSON fallbacks last: on a tied score the earlier decoder wins.
  jsonLinesDecoder,
  plainJsonDecoder,
];

/** Below this no decoder is chosen: the connection's messages are shown raw. */
export const DETECTION_THRESHOLD = 0.5;

/** The decoder that best explains a connection, or undefined. Never throws: a failing detector scores 0. */
export function detectProtocol(context: ConnectionContext, firstMessages: readonly MessageInput[]): ProtocolDecoder | undefined {
  let best: ProtocolDecoder | undefined;
  let bestScore = DETECTION_THRESHOLD;
  for (const decoder of DECODERS) {
    let score = 0;
    try {
      score = decoder.detect(context, firstMessages);
    } catch {
      score = 0;
    }
    if (score > bestScore || (score === bestScore && best === undefined && score > DETECTION_THRESHOLD)) {
      best = decoder;
      bestScore = score;
    }
  }
  return best;
}

export function decoderById(id: string): ProtocolDecoder | undefined {
  return DECODERS.find((decoder) => decoder.id === id);
}
