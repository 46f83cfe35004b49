// Small readers for decoded trees and decoder runs, and fuzz input, shared by the protocol decoder tests.
import fc from 'fast-check';
import type { ConnectionContext, DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder, TreeNode } from '../../src/protocols/types';

/** The node at a path of labels (each step one level down), or undefined. */
export function nodeAt(tree: readonly TreeNode[] | undefined, ...labels: string[]): TreeNode | undefined {
  let nodes = tree;
  let found: TreeNode | undefined;
  for (const label of labels) {
    found = nodes?.find((node) => node.label === label);
    if (!found) return undefined;
    nodes = found.children;
  }
  return found;
}

/** The value at a path of labels; throws (failing the test) when there is no such node. */
export function valueAt(item: DecodedItem | TreeNode[], ...labels: string[]): string | undefined {
  const tree = Array.isArray(item) ? item : item.tree;
  const node = nodeAt(tree, ...labels);
  if (!node) throw new Error(`no node at ${labels.join(' / ')} in ${JSON.stringify(tree)}`);
  return node.value;
}

export const binary = (direction: MessageInput['direction'], bytes: Uint8Array): MessageInput => ({ direction, kind: 'binary', bytes });

/** Feeds `messages` in order through one decoder state, as the panel does for a connection. */
export function decodeInOrder<State>(decoder: ProtocolDecoder<State>, messages: readonly MessageInput[], context: ConnectionContext): DecodedMessage[] {
  const state = decoder.createState(context);
  return messages.map((message) => decoder.decode(message, state, context));
}

/**
 * Fuzz input for a decoder: text messages that are random or real ones with a few characters replaced
 * or inserted, and random binary messages, in either direction.
 */
export function fuzzMessages(real: readonly string[], limits: { textLength: number; binaryLength: number }): fc.Arbitrary<MessageInput> {
  const mutatedReal = fc.tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([text, a, b, insert]) => {
    const from = a % (text.length + 1);
    return text.slice(0, from) + insert + text.slice(from + (b % 6));
  });
  const direction = fc.constantFrom('send' as const, 'receive' as const);
  return fc.oneof(
    fc.record({ direction, kind: fc.constant('text' as const), text: fc.oneof(fc.string({ maxLength: limits.textLength }), mutatedReal) }),
    fc.record({ direction, kind: fc.constant('binary' as const), bytes: fc.uint8Array({ maxLength: limits.binaryLength }) }),
  );
}
