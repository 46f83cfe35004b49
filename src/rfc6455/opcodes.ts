/** Frame opcodes, RFC 6455 section 5.2 (names follow the RFC's wording). */
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** Control frames are the ones whose opcode has its most significant bit set (section 5.5). */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** 0x3-0x7 and 0xB-0xF are reserved; an endpoint that sees one must fail the connection. */
export function isKnownOpcode(opcode: number): opcode is Opcode {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xa);
}

export type MessageType = 'text' | 'binary' | 'close' | 'ping' | 'pong';

export function messageTypeOf(opcode: Opcode): MessageType {
  switch (opcode) {
    case Opcode.Text:
      return 'text';
    case Opcode.Close:
      return 'close';
    case Opcode.Ping:
      return 'ping';
    case Opcode.Pong:
      return 'pong';
    default:
      return 'binary';
  }
}

export function opcodeOf(type: MessageType): Opcode {
  switch (type) {
    case 'text':
      return Opcode.Text;
    case 'binary':
      return Opcode.Binary;
    case 'close':
      return Opcode.Close;
    case 'ping':
      return Opcode.Ping;
    case 'pong':
      return Opcode.Pong;
  }
}
