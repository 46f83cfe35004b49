// Commands sent to the page hook through the background, matched to their `command-result` by id.
import type { BackgroundToPanel, ContentToPage } from '../shared/messages';

const COMMAND_TIMEOUT_MS = 10_000;

/** A command for the page hook without its id: the sender assigns one to match the result. */
export type PageCommand = ContentToPage extends infer Command ? (Command extends { id: string } ? Omit<Command, 'id'> : never) : never;

export interface CommandResult {
  ok: boolean;
  error?: string;
  /** The connection a `connect` command opened. */
  conn?: string;
}

export class PendingCommands {
  private nextId = 1;
  private readonly waiting = new Map<string, (result: CommandResult) => void>();

  /** Gives the command an id, hands it to `post`, and resolves with its result or a timeout. */
  send(command: PageCommand | Omit<ContentToPage, 'id'>, post: (command: ContentToPage) => void): Promise<CommandResult> {
    const id = `panel-${Date.now()}-${this.nextId++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ ok: false, error: 'No answer from the page' });
      }, COMMAND_TIMEOUT_MS);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      post({ ...command, id } as ContentToPage);
    });
  }

  settle(message: Extract<BackgroundToPanel, { t: 'command-result' }>): void {
    const resolve = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    resolve?.({ ok: message.ok, ...(message.error !== undefined && { error: message.error }), ...(message.conn !== undefined && { conn: message.conn }) });
  }
}
