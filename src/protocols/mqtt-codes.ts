// MQTT's numbered names: packet types, 3.1.1 CONNACK return codes, 5.0 reason codes (MQTT 5.0 §2.4).

/** Control packet types by the fixed header's high nibble (0 is reserved). */
export const PACKET_TYPES = [
  'Reserved',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

export type PacketTypeName = (typeof PACKET_TYPES)[number];

/** MQTT 3.1 / 3.1.1 CONNACK return codes. */
export const CONNACK_RETURN_CODES: Readonly<Record<number, string>> = {
  0: 'Connection Accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'Server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** MQTT 3.1.1 SUBACK return codes. */
export const SUBACK_RETURN_CODES: Readonly<Record<number, string>> = {
  0: 'Success - Maximum QoS 0',
  1: 'Success - Maximum QoS 1',
  2: 'Success - Maximum QoS 2',
  0x80: 'Failure',
};

/**
 * MQTT 5.0 reason codes (§2.4): code, name, the packets that may carry it. 0x00 is also "Normal
 * disconnection" in DISCONNECT and "Granted QoS 0" in SUBACK (reasonName).
 */
// prettier-ignore
const REASON_CODES: readonly (readonly [number, string, string])[] = [
  [0x00, 'Success', 'CONNACK PUBACK PUBREC PUBREL PUBCOMP UNSUBACK AUTH'],
  [0x01, 'Granted QoS 1', 'SUBACK'],
  [0x02, 'Granted QoS 2', 'SUBACK'],
  [0x04, 'Disconnect with Will Message', 'DISCONNECT'],
  [0x10, 'No matching subscribers', 'PUBACK PUBREC'],
  [0x11, 'No subscription existed', 'UNSUBACK'],
  [0x18, 'Continue authentication', 'AUTH'],
  [0x19, 'Re-authenticate', 'AUTH'],
  [0x80, 'Unspecified error', 'CONNACK PUBACK PUBREC SUBACK UNSUBACK DISCONNECT'],
  [0x81, 'Malformed Packet', 'CONNACK DISCONNECT'],
  [0x82, 'Protocol Error', 'CONNACK DISCONNECT'],
  [0x83, 'Implementation specific error', 'CONNACK PUBACK PUBREC SUBACK UNSUBACK DISCONNECT'],
  [0x84, 'Unsupported Protocol Version', 'CONNACK'],
  [0x85, 'Client Identifier not valid', 'CONNACK'],
  [0x86, 'Bad User Name or Password', 'CONNACK'],
  [0x87, 'Not authorized', 'CONNACK PUBACK PUBREC SUBACK UNSUBACK DISCONNECT'],
  [0x88, 'Server unavailable', 'CONNACK'],
  [0x89, 'Server busy', 'CONNACK DISCONNECT'],
  [0x8a, 'Banned', 'CONNACK'],
  [0x8b, 'Server shutting down', 'DISCONNECT'],
  [0x8c, 'Bad authentication method', 'CONNACK DISCONNECT'],
  [0x8d, 'Keep Alive timeout', 'DISCONNECT'],
  [0x8e, 'Session taken over', 'DISCONNECT'],
  [0x8f, 'Topic Filter invalid', 'SUBACK UNSUBACK DISCONNECT'],
  [0x90, 'Topic Name invalid', 'CONNACK PUBACK PUBREC DISCONNECT'],
  [0x91, 'Packet Identifier in use', 'PUBACK PUBREC SUBACK UNSUBACK'],
  [0x92, 'Packet Identifier not found', 'PUBREL PUBCOMP'],
  [0x93, 'Receive Maximum exceeded', 'DISCONNECT'],
  [0x94, 'Topic Alias invalid', 'DISCONNECT'],
  [0x95, 'Packet too large', 'CONNACK DISCONNECT'],
  [0x96, 'Message rate too high', 'DISCONNECT'],
  [0x97, 'Quota exceeded', 'CONNACK PUBACK PUBREC SUBACK DISCONNECT'],
  [0x98, 'Administrative action', 'DISCONNECT'],
  [0x99, 'Payload format invalid', 'CONNACK PUBACK PUBREC DISCONNECT'],
  [0x9a, 'Retain not supported', 'CONNACK DISCONNECT'],
  [0x9b, 'QoS not supported', 'CONNACK DISCONNECT'],
  [0x9c, 'Use another server', 'CONNACK DISCONNECT'],
  [0x9d, 'Server moved', 'CONNACK DISCONNECT'],
  [0x9e, 'Shared Subscriptions not supported', 'SUBACK DISCONNECT'],
  [0x9f, 'Connection rate exceeded', 'CONNACK DISCONNECT'],
  [0xa0, 'Maximum connect time', 'DISCONNECT'],
  [0xa1, 'Subscription Identifiers not supported', 'SUBACK DISCONNECT'],
  [0xa2, 'Wildcard Subscriptions not supported', 'SUBACK DISCONNECT'],
];

const REASONS_BY_CODE = new Map(REASON_CODES.map(([code, name, packets]) => [code, { name, packets: new Set(packets.split(' ')) }]));

/** A 5.0 reason code's name as the spec gives it for `packet`, or undefined when the code is not defined. */
export function reasonName(code: number, packet: PacketTypeName): string | undefined {
  if (code === 0x00 && packet === 'DISCONNECT') return 'Normal disconnection';
  if (code === 0x00 && packet === 'SUBACK') return 'Granted QoS 0';
  return REASONS_BY_CODE.get(code)?.name;
}

/** "0x87 Not authorized"; a code the spec does not define, or not for this packet, says so. */
export function describeReason(code: number, packet: PacketTypeName): string {
  const name = reasonName(code, packet);
  if (name === undefined) return `${hexByte(code)} (not a defined reason code)`;
  const allowed = code === 0x00 || REASONS_BY_CODE.get(code)!.packets.has(packet);
  return allowed ? `${hexByte(code)} ${name}` : `${hexByte(code)} ${name} (not a reason code ${packet} may carry)`;
}

export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/** MQTT protocol levels as the CONNECT packet states them. */
export function protocolLevelName(level: number): string {
  switch (level) {
    case 3:
      return 'MQTT 3.1';
    case 4:
      return 'MQTT 3.1.1';
    case 5:
      return 'MQTT 5.0';
    default:
      return 'unknown';
  }
}
