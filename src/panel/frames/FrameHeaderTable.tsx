// One frame's header, field by field and bit by bit (RFC 6455 section 5.2).
import type { FrameHeader } from '../../rfc6455';
import { bitsText, hexText, lengthFormText, opcodeName } from './frameAnatomy';

const flag = (set: boolean) => (set ? '1' : '0');

export function FrameHeaderTable({ frame, offset }: { frame: FrameHeader; /** Stream offset of the frame's first byte, when it has one. */ offset?: number }) {
  const [first = 0, second = 0] = frame.headerBytes;
  const rows: [field: string, bits: string, value: string, meaning: string][] = [
    ['FIN', 'byte 0, bit 7', flag(frame.fin), frame.fin ? 'final fragment of the message' : 'more fragments follow'],
    ['RSV1', 'byte 0, bit 6', flag(frame.rsv1), frame.rsv1 ? 'per-message compressed (permessage-deflate)' : 'clear'],
    ['RSV2', 'byte 0, bit 5', flag(frame.rsv2), frame.rsv2 ? 'set: no negotiated extension defines it' : 'clear'],
    ['RSV3', 'byte 0, bit 4', flag(frame.rsv3), frame.rsv3 ? 'set: no negotiated extension defines it' : 'clear'],
    ['opcode', 'byte 0, bits 3-0', `${frame.opcode} (${(frame.opcode & 0xf).toString(2).padStart(4, '0')})`, opcodeName(frame.opcode)],
    ['MASK', 'byte 1, bit 7', flag(frame.masked), frame.masked ? 'payload masked (client to server)' : 'payload not masked (server to client)'],
    [
      'payload length',
      'byte 1, bits 6-0' + (frame.lengthBits === 7 ? '' : ` + ${frame.extendedLengthBytes.length} bytes`),
      `${frame.payloadLength} bytes`,
      lengthFormText(frame) + (frame.nonMinimalLength ? ' (not minimal: a shorter form fits)' : ''),
    ],
    [
      'masking key',
      frame.maskKey ? `bytes ${frame.headerLength - 4}-${frame.headerLength - 1}` : '-',
      frame.maskKey ? hexText(frame.maskKey) : 'none',
      frame.maskKey ? 'XORed over the payload, byte i with key[i mod 4]' : 'no key: MASK is 0',
    ],
  ];
  return (
    <div class="frame-header">
      <div class="frame-header-bytes">
        {offset !== undefined && (
          <span class="frame-offset">
            offset {offset} (0x{offset.toString(16)}) ·{' '}
          </span>
        )}
        header <code data-testid="frame-header-hex">{hexText(frame.headerBytes)}</code> · byte 0 <code>{bitsText(first)}</code> · byte 1{' '}
        <code>{bitsText(second)}</code>
      </div>
      <table class="frame-fields">
        <thead>
          <tr>
            <th>Field</th>
            <th>Where</th>
            <th>Value</th>
            <th>Meaning</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([field, bits, value, meaning]) => (
            <tr key={field} data-field={field}>
              <th scope="row">{field}</th>
              <td>{bits}</td>
              <td class="frame-field-value">{value}</td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
