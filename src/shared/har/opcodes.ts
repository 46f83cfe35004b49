// Chrome's _webSocketMessages opcodes, and the payload source a HAR message implies when it names none.

export const TEXT_OPCODE = 1;
export const BINARY_OPCODE = 2;
/** Chrome writes connection errors as type "error" with this opcode and the text as data. */
export const ERROR_OPCODE = -1;

export function defaultSource(kind: 'text' | 'binary'): 'string' | 'ArrayBuffer' {
  return kind === 'text' ? 'string' : 'ArrayBuffer';
}
