// Byte arithmetic on text and base64 without decoding (imports can hold 100 MB of payloads).

/** UTF-8 byte length of a JavaScript string (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Decoded size of well-formed base64. */
export function base64ByteLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** Longest prefix of base64 that decodes on its own (whole 4-character groups). */
export function base64Prefix(base64: string, maxChars: number): string {
  return base64.length <= maxChars ? base64 : base64.slice(0, maxChars - (maxChars % 4));
}
