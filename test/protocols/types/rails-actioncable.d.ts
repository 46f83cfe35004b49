// The parts of @rails/actioncable (no bundled types) that the tests use.
declare module '@rails/actioncable' {
  export interface Subscription {
    identifier: string;
    perform(action: string, data?: object): boolean;
    unsubscribe(): void;
  }
  export interface Consumer {
    subscriptions: { create(channel: string | object, mixin?: object): Subscription };
    connect(): boolean;
    disconnect(): void;
  }
  const ActionCable: {
    adapters: { WebSocket: unknown; logger: unknown };
    createConsumer(url?: string): Consumer;
  };
  export default ActionCable;
}
