const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * XORs `data` with the 4-byte masking key in place (RFC 6455 section 5.3), starting at key
 * byte 0. Four bytes at a time when the data is 4-byte aligned: payload buffers the parser and
 * encoder allocate always are.
 */
export function applyMaskInPlace(data: Uint8Array, key: Uint8Array): void {
  const length = data.length;
  let i = 0;
  if (length >= 16 && (data.byteOffset & 3) === 0) {
    const keyWord = isLittleEndian
      ? (key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24)) >>> 0
      : ((key[0]! << 24) | (key[1]! << 16) | (key[2]! << 8) | key[3]!) >>> 0;
    const words = new Uint32Array(data.buffer, data.byteOffset, length >>> 2);
    for (let w = 0; w < words.length; w++) words[w]! ^= keyWord;
    i = words.length << 2;
  }
  for (; i < length; i++) data[i]! ^= key[i & 3]!;
}
