// Messages between the panel and the history search worker.
import type { SearchQuery, Snippet } from './search-match';

export interface SearchHit {
  sessionId: string;
  connectionId: string;
  /** The connection's URL: the hit may be in a session the panel has not read. */
  connectionUrl: string;
  /** The message found, or undefined for a hit in the connection's URL or handshake headers. */
  messageId?: number;
  where: 'payload' | 'url' | 'header';
  /** The header's name, for a hit in a header. */
  header?: string;
  direction?: 'send' | 'receive';
  time: number;
  snippet: Snippet;
}

export type PageToSearchWorker = { t: 'start'; query: SearchQuery } | { t: 'cancel' };

export type SearchWorkerToPage =
  | { t: 'hits'; hits: SearchHit[] }
  /** Also sent while a long stretch finds nothing: the client's watchdog reads it as "still alive". */
  | { t: 'progress'; scannedMessages: number; totalMessages: number; sessionsDone: number; sessionsTotal: number }
  | { t: 'done'; scannedMessages: number; hits: number; cancelled: boolean }
  | { t: 'error'; error: string };
