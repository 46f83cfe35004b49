// HTTP header lookups shared by every place that reads a handshake's headers (webRequest, Chrome's
// debugger, HAR files).
import type { HeaderPair } from './models';

/** A header's value by name, case-insensitively; undefined when absent. */
export function headerNamed(headers: readonly HeaderPair[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === lower)?.value;
}

/** The sub-protocols a `Sec-WebSocket-Protocol` value lists, in order. */
export function protocolList(headerValue: string): string[] {
  return headerValue
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}
