// The panel's port to the background: watch the tab, come back after the port drops.
import type { BackgroundToPanel, PanelToBackground } from '../../shared/messages';
import type { BackgroundLink, PanelHost } from '../host';

const RECONNECT_MS = 1000;

export class BackgroundPort {
  private link: BackgroundLink | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly host: PanelHost,
    private readonly onMessage: (message: BackgroundToPanel) => void,
  ) {}

  connect(): void {
    if (this.closed) return;
    this.link = this.host.connect(this.onMessage, () => {
      this.link = undefined;
      // The Chrome service worker stops when idle and drops ports: come back and watch again.
      if (!this.closed) this.reconnectTimer = setTimeout(() => this.connect(), RECONNECT_MS);
    });
    if (this.host.tabId !== null) this.link.post({ t: 'watch', tabId: this.host.tabId });
  }

  /** The live link, if any: commands need to know there is none rather than post into nothing. */
  current(): BackgroundLink | undefined {
    return this.link;
  }

  post(message: PanelToBackground): void {
    this.link?.post(message);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.link?.close();
  }
}
