const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this, making a Uint32Array view costs more than it saves. */
const WORD_LOOP_MIN_LENGTH = 256;

/**
 * XORs `data` with the 4-byte masking key in place (RFC 6455 section 5.3), starting at key
 * byte 0. Long, 4-byte aligned payloads are done a word at a time; the parser's and encoder's
 * own buffers are aligned.
 */
export function applyMaskInPlace(data: Uint8Array, key: Uint8Array): void {
  const length = data.length;
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  let i = 0;
  if (length >= WORD_LOOP_MIN_LENGTH && (data.byteOffset & 3) === 0) {
    const keyWord = isLittleEndian ? (k0 | (k1 << 8) | (k2 << 16) | (k3 << 24)) >>> 0 : ((k0 << 24) | (k1 << 16) | (k2 << 8) | k3) >>> 0;
    const words = new Uint32Array(data.buffer, data.byteOffset, length >>> 2);
    for (let w = 0; w < words.length; w++) words[w]! ^= keyWord;
    i = words.length << 2;
  } else {
    for (const end = length & ~3; i < end; i += 4) {
      data[i]! ^= k0;
      data[i + 1]! ^= k1;
      data[i + 2]! ^= k2;
      data[i + 3]! ^= k3;
    }
  }
  for (; i < length; i++) data[i]! ^= key[i & 3]!;
}
