import { encodeBase64 } from './base64.ts';
import type { ParserEvent } from './parser.ts';

/** The flat JSON shape the command-line decoder prints, one object per event. */
export function eventToRecord(event: ParserEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'frame': {
      const record: Record<string, unknown> = {
        kind: 'frame',
        fin: event.fin,
        rsv1: event.rsv1,
        rsv2: event.rsv2,
        rsv3: event.rsv3,
        opcode: event.opcode,
        masked: event.masked,
        maskKey: event.maskKey ? toHex(event.maskKey) : null,
        length: event.payloadLength,
        offset: event.offset,
      };
      if (event.warnings.length > 0) record.warnings = event.warnings;
      return record;
    }
    case 'message': {
      const record: Record<string, unknown> = { kind: 'message', type: event.type };
      if (event.text !== undefined) record.text = event.text;
      else record.base64 = encodeBase64(event.data);
      if (event.type === 'close') {
        record.closeCode = event.closeCode;
        record.closeReason = event.closeReason;
      }
      return record;
    }
    case 'error':
      return { kind: 'error', closeCode: event.closeCode, code: event.code, message: event.message, offset: event.offset };
  }
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
