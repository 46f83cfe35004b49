// The parts of phoenix.js (no bundled types; @types/phoenix is not installed) that the tests use.
declare module 'phoenix' {
  export interface Push {
    receive(status: string, callback: (response?: unknown) => unknown): Push;
  }
  export class Channel {
    join(timeout?: number): Push;
    leave(timeout?: number): Push;
    push(event: string, payload: object | ArrayBuffer, timeout?: number): Push;
    on(event: string, callback: (payload?: unknown) => unknown): number;
  }
  export class Socket {
    constructor(endPoint: string, options?: Record<string, unknown>);
    connect(): void;
    /** Sends a heartbeat; calls back with the round trip in milliseconds when its reply comes. */
    ping(callback: (milliseconds: number) => void): boolean;
    disconnect(callback?: () => void, code?: number, reason?: string): void;
    channel(topic: string, params?: object): Channel;
  }
}
