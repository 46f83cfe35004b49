// HTTP header lookups shared by every place that reads a handshake's headers (webRequest, Chrome's
// debugger, HAR files).
/** A header's value by name, case-insensitively; undefined when absent. Takes our header pairs and webRequest's alike. */
export function headerNamed(headers: readonly { name: string; value?: string }[], name: string): string | undefined {
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
