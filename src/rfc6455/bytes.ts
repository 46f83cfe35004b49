/** Joins byte arrays into one new array; `extra` spare bytes are left at the end for the caller. */
export function concatBytes(parts: readonly Uint8Array[], extra = 0): Uint8Array {
  let length = extra;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}
