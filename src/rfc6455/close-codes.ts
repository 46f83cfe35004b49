/** Close status codes, RFC 6455 section 7.4.1 and the IANA registry (names as registered). */
export const CloseCode = {
  NormalClosure: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1003,
  /** Reserved: must never be sent in a close frame. */
  NoStatusReceived: 1005,
  /** Reserved: the connection closed without a close frame. */
  AbnormalClosure: 1006,
  InvalidFramePayloadData: 1007,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  MandatoryExtension: 1010,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  BadGateway: 1014,
  /** Reserved: TLS handshake failure, never sent. */
  TlsHandshake: 1015,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Whether a code may appear in a close frame (section 7.4): 1004-1006 and 1015 are reserved
 * for reporting, 1016-2999 are unassigned, 3000-4999 belong to libraries and applications.
 */
export function isValidCloseCodeOnWire(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}
