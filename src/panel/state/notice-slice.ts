// Settings and notices: recording paused, preserve log (kept in localStorage), and the notices shown.
import { signal, type Signal } from '@preact/signals';

const PRESERVE_LOG_KEY = 'wsi.preserveLog';
/** Kept notices older than this are history, not news: the panel does not show them. */
const STORED_NOTICE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /** When the background raised it, for notices kept from before the panel opened. */
  time?: number;
}

export class NoticeSlice {
  readonly paused = signal(false);
  readonly preserveLog: Signal<boolean>;
  readonly notices = signal<readonly Notice[]>([]);
  private nextId = 1;

  constructor(inPanel: boolean) {
    this.preserveLog = signal(inPanel && readPreserveLog());
  }

  add(notices: Omit<Notice, 'id'>[]): void {
    if (notices.length === 0) return;
    this.notices.value = [...this.notices.peek(), ...notices.map((notice) => ({ ...notice, id: this.nextId++ }))];
  }

  /** Notices the background kept from before the panel opened, less the stale ones. */
  addStored(stored: Required<Omit<Notice, 'id'>>[], now = Date.now()): void {
    this.add(stored.filter((notice) => notice.time > now - STORED_NOTICE_MAX_AGE_MS).map(({ level, text, time }) => ({ level, text, time })));
  }

  dismiss(id: number): void {
    this.notices.value = this.notices.peek().filter((notice) => notice.id !== id);
  }

  setPreserveLog(value: boolean): void {
    writePreserveLog(value);
    this.preserveLog.value = value;
  }
}

function readPreserveLog(): boolean {
  try {
    return localStorage.getItem(PRESERVE_LOG_KEY) === 'true';
  } catch {
    return false;
  }
}

function writePreserveLog(value: boolean): void {
  try {
    localStorage.setItem(PRESERVE_LOG_KEY, String(value));
  } catch {
    // Not persisted: the choice still applies to this panel.
  }
}
