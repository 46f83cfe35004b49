import { CloseCode } from './close-codes.ts';

/**
 * Stable error identifiers. Names shared with the `ws` package keep its meaning, so logs from
 * both read the same; the others cover rules `ws` does not report separately.
 */
const errorTable = {
  WS_ERR_UNEXPECTED_RSV_2_3: [CloseCode.ProtocolError, 'RSV2 and RSV3 must be clear'],
  WS_ERR_INVALID_OPCODE: [CloseCode.ProtocolError, 'invalid opcode'],
  WS_ERR_UNEXPECTED_RSV_1: [CloseCode.ProtocolError, 'RSV1 must be clear'],
  WS_ERR_EXPECTED_FIN: [CloseCode.ProtocolError, 'control frames must not be fragmented'],
  WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH: [CloseCode.ProtocolError, 'invalid control frame payload length'],
  WS_ERR_EXPECTED_MASK: [CloseCode.ProtocolError, 'client frames must be masked'],
  WS_ERR_UNEXPECTED_MASK: [CloseCode.ProtocolError, 'server frames must not be masked'],
  WS_ERR_INVALID_PAYLOAD_LENGTH: [CloseCode.ProtocolError, 'the most significant bit of a 64-bit length must be 0'],
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: [CloseCode.MessageTooBig, 'payload length beyond 2^53 - 1'],
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: [CloseCode.MessageTooBig, 'message larger than the maximum size'],
  WS_ERR_INVALID_UTF8: [CloseCode.InvalidFramePayloadData, 'invalid UTF-8'],
  WS_ERR_INVALID_CLOSE_CODE: [CloseCode.ProtocolError, 'invalid close code'],
  WS_ERR_INVALID_COMPRESSED_DATA: [CloseCode.InvalidFramePayloadData, 'invalid compressed data'],
  WS_ERR_FRAME_AFTER_CLOSE: [CloseCode.ProtocolError, 'frame after a close frame'],
  WS_ERR_INCOMPLETE_FRAME: [CloseCode.AbnormalClosure, 'stream ended inside a frame'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof errorTable;

export interface ProtocolErrorEvent {
  kind: 'error';
  /** Stable identifier, e.g. WS_ERR_INVALID_UTF8. */
  code: ErrorCode;
  /** The status code an endpoint would put in its close frame (1006 only for a truncated stream). */
  closeCode: number;
  message: string;
  /** Offset, in the whole stream, of the byte that broke the rule. */
  offset: number;
}

/** The one place errors are made, so each code always comes with the same close code. */
export function protocolError(code: ErrorCode, offset: number, detail?: string): ProtocolErrorEvent {
  const [closeCode, summary] = errorTable[code];
  return { kind: 'error', code, closeCode, message: detail ? `${summary}: ${detail}` : summary, offset };
}
