// The lifecycle view's bars: each connection from creation to close (or to now), with its errors. Pure.
import type { ConnectionRecord } from '../../shared/models';

export interface LifecycleBar {
  connectionId: string;
  url: string;
  /** Start and end as fractions of the span, 0..1. */
  start: number;
  end: number;
  /** Still open at `now`. */
  open: boolean;
  closeCode?: number;
  errors: number;
}

export function lifecycleBars(connections: readonly ConnectionRecord[], span: { from: number; to: number }): LifecycleBar[] {
  const width = Math.max(1, span.to - span.from);
  const at = (time: number) => Math.min(1, Math.max(0, (time - span.from) / width));
  return connections.map((connection) => {
    const end = connection.closedAt ?? span.to;
    return {
      connectionId: connection.id,
      url: connection.url,
      start: at(connection.createdAt),
      end: Math.max(at(end), at(connection.createdAt)),
      open: connection.closedAt === undefined,
      closeCode: connection.close?.code,
      errors: connection.errors.length,
    };
  });
}
