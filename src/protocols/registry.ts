// Every decoder, and the choice among them. Each protocol's module adds one line to DECODERS.
import { cborDecoder, msgpackDecoder } from './packed-decoders.ts';
import { signalrJsonDecoder, signalrMessagepackDecoder } from './signalr.ts';
import type { ConnectionContext, MessageInput, ProtocolDecoder } from './types.ts';
import { wampDecoder } from './wamp.ts';

export const DECODERS: readonly ProtocolDecoder[] = [msgpackDecoder, cborDecoder, signalrJsonDecoder, signalrMessagepackDecoder, wampDecoder];

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
