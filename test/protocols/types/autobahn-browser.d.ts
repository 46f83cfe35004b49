// The part of autobahn-browser (AutobahnJS's browser build, no typings of its own) the WAMP tests use.
declare module 'autobahn-browser' {
  export interface Serializer {
    SERIALIZER_ID: string;
    BINARY: boolean;
    serialize(message: unknown): unknown;
    unserialize(payload: unknown): unknown;
  }
  export interface Subscription {
    topic: string;
  }
  export interface Registration {
    procedure: string;
  }
  export interface Session {
    id: number;
    call<T = unknown>(procedure: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: Record<string, unknown>): Promise<T>;
    publish(topic: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown> | undefined;
    subscribe(topic: string, handler: (args: unknown[], kwargs: Record<string, unknown>) => void, options?: Record<string, unknown>): Promise<Subscription>;
    register(
      procedure: string,
      endpoint: (args: unknown[], kwargs: Record<string, unknown>) => unknown,
      options?: Record<string, unknown>,
    ): Promise<Registration>;
    unsubscribe(subscription: Subscription): Promise<unknown>;
    unregister(registration: Registration): Promise<unknown>;
  }
  export interface ConnectionOptions {
    url: string;
    realm: string;
    serializers?: Serializer[];
    max_retries?: number;
    authmethods?: string[];
    authid?: string;
    onchallenge?: (session: Session, method: string, extra: Record<string, unknown>) => string;
  }
  export class Connection {
    constructor(options: ConnectionOptions);
    onopen: (session: Session, details: Record<string, unknown>) => void;
    onclose: (reason: string, details: Record<string, unknown>) => boolean | void;
    open(): void;
    close(reason?: string, message?: string): void;
  }
  export class WampError {
    constructor(error: string, args?: unknown[], kwargs?: Record<string, unknown>);
    error: string;
    args: unknown[];
  }
  const autobahn: {
    Connection: typeof Connection;
    Error: typeof WampError;
    /** node-cbor, as bundled. */
    cbor: { encode(value: unknown): Uint8Array };
    serializer: {
      JSONSerializer: new () => Serializer;
      MsgpackSerializer: new () => Serializer;
      CBORSerializer: new () => Serializer;
    };
  };
  export default autobahn;
}
