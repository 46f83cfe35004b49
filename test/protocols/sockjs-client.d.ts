// sockjs-client ships no types and npm's @types/sockjs-client is not installed: the little the tests use.
declare module 'sockjs-client' {
  export default class SockJS {
    constructor(url: string, protocols?: string | string[], options?: { transports?: string[] });
    readonly transport: string;
    onopen: (() => void) | null;
    onmessage: ((event: { data: string }) => void) | null;
    onclose: ((event: { code: number; reason: string }) => void) | null;
    send(data: string): void;
    close(code?: number, reason?: string): void;
  }
}
