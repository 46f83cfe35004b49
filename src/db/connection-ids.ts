// ConnectionRecord ids: the page hook's own id scoped by the relay's random per-document id, so that
// one page can neither collide with nor forge another document's connections.

const SEPARATOR = '/';

export function scopeConnectionId(documentId: string, hookConnectionId: string): string {
  return documentId + SEPARATOR + hookConnectionId;
}

/** The page hook's id inside `connectionId`, or undefined when it belongs to another document. */
export function unscopeConnectionId(documentId: string, connectionId: string): string | undefined {
  const prefix = documentId + SEPARATOR;
  return connectionId.startsWith(prefix) ? connectionId.slice(prefix.length) : undefined;
}

export function belongsToDocument(documentId: string, connectionId: string): boolean {
  return unscopeConnectionId(documentId, connectionId) !== undefined;
}
