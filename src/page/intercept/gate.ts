// The one thing the socket wrapper asks of intercept on its hot path: `active`. While no rule,
// breakpoint or mock is configured (and nothing waits), it is false and the wrapper records exactly as
// it would without this feature; src/page/intercept/interceptor.ts installs the real handlers.
import type { Connection } from '../connection';

export interface InterceptGate {
  active: boolean;
  /** A socket the page just made (mocks take over matching ones). */
  created(connection: Connection, socket: WebSocket): void;
  /** A page send; true when intercept took it (to send now, later, or never). May throw as send() would. */
  send(connection: Connection, socket: WebSocket, data: unknown): boolean;
  /** A page close(); true when intercept took it (it waits for held sends, or the socket is a mock). */
  close(connection: Connection, socket: WebSocket, args: unknown[]): boolean;
  /** A message event before any page listener; true when it must not be recorded now (intercept took it or recorded it). */
  receive(connection: Connection, socket: WebSocket, event: Event): boolean;
  /** An open, error or close event; true when it must not be recorded now. */
  lifecycle(connection: Connection, socket: WebSocket, event: Event): boolean;
}

const no = (): boolean => false;

export const gate: InterceptGate = { active: false, created: () => undefined, send: no, close: no, receive: no, lifecycle: no };
