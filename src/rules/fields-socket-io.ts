// Socket.IO's fields of a text message, read where they stand: an Engine.IO message packet ('4') holding
// a Socket.IO packet (type digit, attachment count for binary packets, `/namespace,`, ack id, JSON). The
// event name is the payload array's first string, read without parsing the rest of the payload.
import { addPair, isSpace, readJsonString, type FieldPairs } from './field-text';
import { stringCharCodeAt, stringIndexOf, stringSlice } from '../worlds/pristine';

const EVENT = 2;
const BINARY_EVENT = 5;
const BINARY_ACK = 6;

function skipDigits(text: string, at: number): number {
  while (at < text.length && stringCharCodeAt(text, at) >= 0x30 && stringCharCodeAt(text, at) <= 0x39) at++;
  return at;
}

export function socketIoFields(text: string, pairs: FieldPairs): void {
  if (text.length < 2 || stringCharCodeAt(text, 0) !== 0x34) return; // Engine.IO "message"
  const type = stringCharCodeAt(text, 1) - 0x30;
  if (type < 0 || type > BINARY_ACK) return;
  let at = 2;
  if (type === BINARY_EVENT || type === BINARY_ACK) {
    const end = skipDigits(text, at);
    if (end === at || end >= text.length || stringCharCodeAt(text, end) !== 0x2d) return;
    at = end + 1;
  }
  let namespace = '/';
  if (at < text.length && stringCharCodeAt(text, at) === 0x2f) {
    const comma = stringIndexOf(text, ',', at);
    const end = comma < 0 ? text.length : comma;
    namespace = stringSlice(text, at, end);
    at = end + 1;
  }
  addPair(pairs, 'namespace', namespace);
  if (type !== EVENT && type !== BINARY_EVENT) return;
  at = skipDigits(text, at);
  if (at >= text.length || stringCharCodeAt(text, at) !== 0x5b) return;
  at++;
  while (at < text.length && isSpace(stringCharCodeAt(text, at))) at++;
  const event = readJsonString(text, at);
  if (event !== null) addPair(pairs, 'event', event);
}
