// The order the panel lists records in, for Dexie's reads and the raw first read (first-read.ts) alike.
import type { ConnectionRecord, SessionRecord } from '../shared/models';

export const byStart = (a: SessionRecord, b: SessionRecord): number => a.startedAt - b.startedAt;
export const byCreation = (a: ConnectionRecord, b: ConnectionRecord): number => a.createdAt - b.createdAt;
