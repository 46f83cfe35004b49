// SignalR hub messages as the JSON and the MessagePack hub protocols both carry them
// (https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md): each encoding reads
// its records into a HubMessage, and one function here makes the item (type name, key, fields, pairing).
import type { DecodedItem, TreeNode } from './types.ts';

export const HUB_MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'Invocation',
  2: 'StreamItem',
  3: 'Completion',
  4: 'StreamInvocation',
  5: 'CancelInvocation',
  6: 'Ping',
  7: 'Close',
  8: 'Ack',
  9: 'Sequence',
};

export const INVOCATION = 1;
export const STREAM_ITEM = 2;
export const COMPLETION = 3;
export const STREAM_INVOCATION = 4;
export const CANCEL_INVOCATION = 5;
export const PING = 6;
export const CLOSE = 7;
export const ACK = 8;
export const SEQUENCE = 9;

/** One hub message read from either encoding; `problem` says what breaks the spec, if anything. */
export interface HubMessage {
  code: number;
  invocationId?: string;
  target?: string;
  /** A Completion's or a Close's error text. */
  error?: string;
  /** Ack's and Sequence's sequence id, as sent. */
  sequenceId?: string;
  problem?: string;
  tree: TreeNode[];
}

/** What each message type requires, by the spec: a missing invocation id or target is the usual bug. */
export function hubProblem(message: HubMessage, present: { arguments: boolean; item: boolean }): string | undefined {
  const name = HUB_MESSAGE_TYPES[message.code];
  switch (message.code) {
    case INVOCATION:
    case STREAM_INVOCATION:
      if (message.target === undefined) return `${name} without a target string`;
      if (!present.arguments) return `${name} without an arguments array`;
      if (message.code === STREAM_INVOCATION && message.invocationId === undefined) return 'StreamInvocation without an invocation id';
      return undefined;
    case STREAM_ITEM:
      if (message.invocationId === undefined) return 'StreamItem without an invocation id';
      return present.item ? undefined : 'StreamItem without an item';
    case COMPLETION:
    case CANCEL_INVOCATION:
      return message.invocationId === undefined ? `${name} without an invocation id` : undefined;
    case ACK:
    case SEQUENCE:
      return message.sequenceId === undefined ? `${name} without a sequence id` : undefined;
    default:
      return undefined;
  }
}

/**
 * The item of a hub message. Invocation ids are chosen by whoever invokes, and each side may reuse the other's,
 * so the pairing scope says which side asked: the client's invocations (sent) and their answers (received)
 * are 'signalr:client'; the server's invocations of client methods are 'signalr:server'.
 */
export function hubItem(message: HubMessage, direction: 'send' | 'receive'): DecodedItem {
  const type = HUB_MESSAGE_TYPES[message.code] ?? `type ${message.code}`;
  const fields: Record<string, string> = {};
  if (message.target !== undefined) fields.target = message.target;
  if (message.invocationId !== undefined) fields.id = message.invocationId;
  if (message.error !== undefined) fields.error = message.error;
  if (message.sequenceId !== undefined) fields.sequence = message.sequenceId;
  const item: DecodedItem = { type, key: hubKey(message), fields, tree: message.tree };
  const asker = (role: 'request' | 'response') => ((direction === 'send') === (role === 'request') ? 'client' : 'server');
  if (message.invocationId !== undefined) {
    if (message.code === INVOCATION || message.code === STREAM_INVOCATION) {
      item.correlation = { role: 'request', scope: `signalr:${asker('request')}`, id: message.invocationId };
    } else if (message.code === STREAM_ITEM || message.code === COMPLETION) {
      item.correlation = { role: 'response', scope: `signalr:${asker('response')}`, id: message.invocationId };
    }
  }
  if (message.problem !== undefined) item.error = message.problem;
  return item;
}

function hubKey(message: HubMessage): string | undefined {
  switch (message.code) {
    case INVOCATION:
    case STREAM_INVOCATION:
      return message.target;
    case STREAM_ITEM:
    case COMPLETION:
    case CANCEL_INVOCATION:
      return message.invocationId;
    case ACK:
    case SEQUENCE:
      return message.sequenceId;
    default:
      return undefined;
  }
}

/** An item for a record that is not a hub message at all (bad JSON, bad framing). */
export function brokenItem(error: string, tree: TreeNode[] = []): DecodedItem {
  return { type: 'malformed', fields: {}, tree, error };
}
