// Commands travel one way only: background → hook. The page can answer a command we issued
// (command-result with a known id) but can never start one.
import type { ContentToBackground, ContentToPage, PageToContent } from '../shared/messages';
import { scopeConnectionId, unscopeConnectionId } from '../db/connection-ids';

type CommandResult = Extract<PageToContent, { t: 'command-result' }>;

export interface CommandRelayOptions {
  documentId: string;
  toPage(command: ContentToPage): void;
  paired(): boolean;
  toBackground(message: ContentToBackground): void;
}

export interface CommandRelay {
  fromBackground(command: ContentToPage): void;
  resultFromPage(result: CommandResult): void;
  /** Tells the hook the payload cap, now or as soon as the channel is paired. */
  configure(maxPayloadBytes: number): void;
  /** Sends a pending config if the channel has paired since. */
  flushConfig(): void;
}

export function createCommandRelay(options: CommandRelayOptions): CommandRelay {
  const awaitingResult = new Set<string>();
  let pendingConfig: ContentToPage | undefined;

  const fail = (id: string, error: string): void => options.toBackground({ t: 'command-result', id, ok: false, error });

  const forward = (command: ContentToPage & { id: string }): void => {
    awaitingResult.add(command.id);
    options.toPage(command);
  };
  /** The panel names connections by their stored (scoped) id; the hook knows only its own part. Undefined (and the command failed) for another document's. */
  const hookIdOf = (commandId: string, scoped: string): string | undefined => {
    const id = unscopeConnectionId(options.documentId, scoped);
    if (id === undefined) fail(commandId, 'The connection belongs to another document (the page has navigated).');
    return id;
  };

  const relay: CommandRelay = {
    fromBackground(command) {
      // The relay alone configures the hook, from settings and stored rules.
      if (command.t === 'config' || command.t === 'intercept-await' || command.t === 'intercept-rules' || command.t === 'shared-channel') return;
      if (command.t === 'intercept-breakpoints') {
        options.toPage(command);
        return;
      }
      if (command.t === 'connect') {
        if (command.holderOf === undefined) return forward(command);
        const holderOf = hookIdOf(command.id, command.holderOf);
        if (holderOf !== undefined) forward({ ...command, holderOf });
        return;
      }
      const conn = hookIdOf(command.id, command.conn);
      if (conn !== undefined) forward({ ...command, conn });
    },
    resultFromPage(result) {
      if (!awaitingResult.delete(result.id)) return;
      const message: ContentToBackground = { t: 'command-result', id: result.id, ok: result.ok };
      if (typeof result.error === 'string') message.error = result.error;
      if (typeof result.conn === 'string') message.conn = scopeConnectionId(options.documentId, result.conn);
      options.toBackground(message);
    },
    configure(maxPayloadBytes) {
      pendingConfig = { t: 'config', maxPayloadBytes };
      relay.flushConfig();
    },
    flushConfig() {
      if (!pendingConfig || !options.paired()) return;
      options.toPage(pendingConfig);
      pendingConfig = undefined;
    },
  };
  return relay;
}
