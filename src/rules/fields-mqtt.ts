// MQTT's `topic`: the topic name of each PUBLISH packet in a binary message. MQTT over WebSocket is a
// byte stream, so a message may hold several packets and a packet may run on into later messages: the
// state remembers, per direction, how many bytes of the current packet are still to come, and skips
// them. The topic comes first in a PUBLISH in every version (3.1, 3.1.1, 5.0), so no version is needed.
// Not resolved: MQTT 5 topic aliases (a PUBLISH naming only an alias has an empty topic).
import { addPair, utf8Text, type FieldPairs } from './field-text';
import type { ByteView } from './protocol-fields';
import type { Direction } from '../shared/models';

const PUBLISH = 3;

export interface MqttState {
  /** Bytes of a packet begun in an earlier message still to come, per direction. */
  send: number;
  receive: number;
}

export function newMqttState(): MqttState {
  return { send: 0, receive: 0 };
}

export function mqttFields(binary: ByteView, dir: Direction, state: MqttState, pairs: FieldPairs): void {
  const { bytes, length } = binary;
  const owed = state[dir];
  let at = owed < length ? owed : length;
  state[dir] = owed - at;
  while (at < length) {
    const type = bytes[at]! >> 4;
    // The remaining length: a variable-length integer of at most 4 bytes.
    let remaining = 0;
    let shift = 0;
    let cursor = at + 1;
    let complete = false;
    while (cursor < length && cursor <= at + 4) {
      const byte = bytes[cursor++]!;
      remaining += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) {
        complete = true;
        break;
      }
    }
    if (!complete) return; // cut inside the fixed header, or not MQTT: the next message starts afresh
    const end = cursor + remaining;
    if (type === PUBLISH && cursor + 2 <= length) {
      const topicEnd = cursor + 2 + ((bytes[cursor]! << 8) | bytes[cursor + 1]!);
      if (topicEnd <= end && topicEnd <= length) addPair(pairs, 'topic', utf8Text(bytes, cursor + 2, topicEnd));
    }
    if (end > length) {
      state[dir] = end - length;
      return;
    }
    at = end;
  }
}
