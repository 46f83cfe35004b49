// Intercept: the switch and its breakpoint, the messages the page holds, and saving rules. The switch
// is renewed every LEASE_RENEW_MS while on: the page hook releases everything held when renewals stop
// (panel closed, extension gone), and the background releases at once when this panel's port closes.
import { signal } from '@preact/signals';
import { LEASE_RENEW_MS, type Breakpoint, type Rule } from '../../shared/intercept';
import type { BackgroundToPanel, PanelToBackground, PayloadInput } from '../../shared/messages';
import type { Direction, Payload } from '../../shared/models';
import type { CommandResult, CommandSlice } from './command-slice';

/** A message the page holds for the panel to forward (edited or not) or drop. */
export interface HeldMessage {
  frameId: number;
  conn: string;
  hold: string;
  dir: Direction;
  time: number;
  payload: Payload;
}

/** Where the switch stands in the page: not yet answered for the latest change, held there by a frame's hook, or no capture in the tab. */
export type SwitchReach = 'sending' | 'active' | 'no-capture';

export const DEFAULT_BREAKPOINT: Breakpoint = { direction: 'both', url: '', condition: { kind: 'any' } };

export class InterceptSlice {
  readonly enabled = signal(false);
  readonly breakpoint = signal<Breakpoint>(DEFAULT_BREAKPOINT);
  readonly held = signal<readonly HeldMessage[]>([]);
  readonly reach = signal<SwitchReach>('sending');
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  /** Names each announcement; answers about one before the latest change say nothing about the switch as it is. */
  private revision = 0;
  private changedAt = 0;

  constructor(
    private readonly tabId: number | null,
    private readonly post: (message: PanelToBackground) => void,
    private readonly commands: CommandSlice,
  ) {}

  setEnabled(enabled: boolean): void {
    this.enabled.value = enabled;
    clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    this.announce(true);
    if (enabled) this.renewTimer = setInterval(() => this.announce(false), LEASE_RENEW_MS);
    else this.held.value = [];
  }

  setBreakpoint(breakpoint: Breakpoint): void {
    this.breakpoint.value = breakpoint;
    if (this.enabled.peek()) this.announce(true);
  }

  /** Tells the background (and through it the page) the switch's state: a `change`, or the lease's renewal. */
  announce(change: boolean): void {
    if (this.tabId === null) return;
    this.revision++;
    if (change) {
      this.changedAt = this.revision;
      this.reach.value = 'sending';
    }
    this.post({ t: 'intercept', tabId: this.tabId, breakpoints: this.enabled.peek() ? [this.breakpoint.peek()] : [], revision: this.revision });
  }

  onState(message: Extract<BackgroundToPanel, { t: 'intercept-state' }>): void {
    if (message.tabId !== this.tabId || message.revision < this.changedAt) return;
    this.reach.value = message.reached ? 'active' : 'no-capture';
  }

  onHeld(message: Extract<BackgroundToPanel, { t: 'held' }>): void {
    if (message.tabId !== this.tabId) return;
    let list = [...this.held.peek()];
    for (const event of message.events) {
      if (event.t === 'held')
        list.push({ frameId: message.frameId, conn: event.conn, hold: event.hold, dir: event.dir, time: event.time, payload: event.payload });
      else list = list.filter((held) => !(held.hold === event.hold && held.conn === event.conn));
    }
    this.held.value = list;
  }

  /** Forwards (with `payload` when edited) or drops one held message. */
  async release(held: HeldMessage, verdict: 'forward' | 'drop', payload?: PayloadInput): Promise<CommandResult> {
    const command = { t: 'intercept-release' as const, conn: held.conn, hold: held.hold, verdict, ...(payload ? { payload } : {}) };
    const result = await this.commands.run(held.frameId, command);
    // Gone from the page either way (released now, or earlier by a lease that lapsed).
    this.held.value = this.held.peek().filter((other) => other !== held);
    return result;
  }

  /** Forwards every held message unchanged, oldest first. */
  async forwardAll(): Promise<void> {
    for (const held of [...this.held.peek()].sort((a, b) => a.time - b.time)) await this.release(held, 'forward');
  }

  saveRules(rules: Rule[]): void {
    this.post({ t: 'set-rules', rules });
  }

  dispose(): void {
    clearInterval(this.renewTimer);
    if (this.enabled.peek()) {
      this.enabled.value = false;
      this.announce(true);
    }
  }
}
