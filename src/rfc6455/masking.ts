const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this, making a Uint32Array view costs more than it saves. */
const WORD_LOOP_MIN_LENGTH = 256;

/**
 * Copies source[start .. start + target.length) into target, XORed with the 4-byte masking key
 * (RFC 6455 section 5.3) from key byte 0. Long, 4-byte aligned targets are done a word at a
 * time (the parser's and encoder's own buffers are aligned); short ones in one fused pass.
 */
export function copyUnmasked(source: Uint8Array, start: number, target: Uint8Array, key: Uint8Array): void {
  const length = target.length;
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  let i = 0;
  if (length >= WORD_LOOP_MIN_LENGTH && (target.byteOffset & 3) === 0) {
    if (source !== target || start !== 0) target.set(source.subarray(start, start + length));
    const keyWord = isLittleEndian ? (k0 | (k1 << 8) | (k2 << 16) | (k3 << 24)) >>> 0 : ((k0 << 24) | (k1 << 16) | (k2 << 8) | k3) >>> 0;
    const words = new Uint32Array(target.buffer, target.byteOffset, length >>> 2);
    for (let w = 0; w < words.length; w++) words[w]! ^= keyWord;
    i = words.length << 2;
    start += i;
  } else {
    for (const end = length & ~3; i < end; i += 4, start += 4) {
      target[i] = source[start]! ^ k0;
      target[i + 1] = source[start + 1]! ^ k1;
      target[i + 2] = source[start + 2]! ^ k2;
      target[i + 3] = source[start + 3]! ^ k3;
    }
  }
  for (; i < length; i++, start++) target[i] = source[start]! ^ key[i & 3]!;
}

export function applyMaskInPlace(data: Uint8Array, key: Uint8Array): void {
  copyUnmasked(data, 0, data, key);
}
