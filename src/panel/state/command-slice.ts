// Commands: replay and injection requests to the inspected page's frames, matched to their results.
import type { BackgroundToPanel } from '../../shared/messages';
import type { BackgroundLink } from '../host';
import { PendingCommands, type CommandResult, type PageCommand } from '../pendingCommands';

export type { CommandResult, PageCommand };

/** What the panel may ask of a page. `config` (the hook's capture limits) and the rules are the relay's alone. */
const PANEL_COMMANDS: ReadonlySet<string> = new Set(['send', 'inject', 'connect', 'intercept-release']);

export class CommandSlice {
  private readonly pending = new PendingCommands();

  constructor(
    private readonly tabId: number | null,
    private readonly link: () => BackgroundLink | undefined,
  ) {}

  /** Sends send/inject/connect to a frame of the inspected page; resolves with the page hook's result. */
  run(frameId: number, command: PageCommand): Promise<CommandResult> {
    // Checked at run time too: the type stops our code, this stops anything that reaches here untyped.
    if (!PANEL_COMMANDS.has(command.t)) return Promise.resolve({ ok: false, error: `The panel does not send "${String(command.t)}" commands` });
    const tabId = this.tabId;
    const link = this.link();
    if (tabId === null || !link) return Promise.resolve({ ok: false, error: 'No inspected tab' });
    return this.pending.send(command, (withId) => link.post({ t: 'command', tabId, frameId, command: withId }));
  }

  settle(result: Extract<BackgroundToPanel, { t: 'command-result' }>): void {
    this.pending.settle(result);
  }
}
