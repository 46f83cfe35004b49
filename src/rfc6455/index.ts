/**
 * RFC 6455 frame parser and encoder with permessage-deflate (RFC 7692), in plain TypeScript with
 * no DOM or Node APIs, so the panel and Node scripts share it.
 */
export { Opcode, isControlOpcode, isKnownOpcode, type MessageType } from './opcodes.ts';
export { CloseCode, isValidCloseCodeOnWire } from './close-codes.ts';
export { protocolError, type ErrorCode, type ProtocolErrorEvent } from './errors.ts';
export type { FrameEvent, FrameHeader, FrameWarning, MessageEvent } from './frame.ts';
export { FrameParser, DEFAULT_MAX_MESSAGE_SIZE, type ParserEvent, type ParserOptions, type Role } from './parser.ts';
export {
  MessageEncoder,
  encodeFrame,
  encodeMessage,
  joinFrames,
  type EncodedFrame,
  type EncoderOptions,
  type FrameToEncode,
  type MaskKeySource,
  type OutgoingMessage,
} from './encoder.ts';
export { DEFAULT_DEFLATE_PARAMS, parseExtensionsHeader, type DeflateParams, type ExtensionParseResult } from './extensions.ts';
export { RawInflater, type InflaterFactory, type InflateResult, type InflaterOptions, type MessageInflater } from './inflate.ts';
export type { ByteAllocator } from './bytes.ts';
export { RawDeflater, type DeflaterOptions } from './deflate.ts';
export { Utf8Validator, isValidUtf8 } from './utf8.ts';
export { parseHexText, type HexParseResult } from './hexdump.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
export { readCapturedBytes, type InputFormat, type InputResult } from './input.ts';
export { eventToRecord, toHex } from './json-lines.ts';
export { decodeStream } from './decode-stream.ts';
