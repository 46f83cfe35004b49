// What every decoder test checks the same way: feeding a connection's messages in order, the shape of a
// DecodedMessage, and the fuzz property "decode never throws and always returns a DecodedMessage".
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ConnectionContext, DecodedMessage, MessageInput, ProtocolDecoder, TreeNode } from '../../src/protocols/types.ts';
import { binary, decodeInOrder } from './protocol-test-helpers.ts';

export function context(url = 'ws://127.0.0.1/', protocol = '', requestedProtocols: string[] = []): ConnectionContext {
  return { url, protocol, requestedProtocols };
}

export const send = (text: string): MessageInput => ({ direction: 'send', kind: 'text', text });
export const receive = (text: string): MessageInput => ({ direction: 'receive', kind: 'text', text });
export const sendBytes = (bytes: Uint8Array): MessageInput => binary('send', bytes);
export const receiveBytes = (bytes: Uint8Array): MessageInput => binary('receive', bytes);

/** Decodes a connection's messages in order with one state, as the panel does (on a plain ws:// connection unless told). */
export function decodeAll(decoder: ProtocolDecoder, messages: readonly MessageInput[], connection = context()): DecodedMessage[] {
  return decodeInOrder(decoder, messages, connection);
}

/** Decodes one message on a fresh connection. */
export function decodeOne(decoder: ProtocolDecoder, message: MessageInput, connection = context()): DecodedMessage {
  return decodeAll(decoder, [message], connection)[0]!;
}

function isTree(nodes: unknown): boolean {
  return (
    Array.isArray(nodes) &&
    nodes.every(
      (node: TreeNode) =>
        typeof node.label === 'string' &&
        (node.value === undefined || typeof node.value === 'string') &&
        (node.children === undefined || isTree(node.children)),
    )
  );
}

/** A well-formed DecodedMessage of `decoder`'s protocol. */
export function expectDecodedMessage(decoded: DecodedMessage, decoder: ProtocolDecoder): void {
  expect(decoded.protocol).toBe(decoder.id);
  expect(typeof decoded.summary).toBe('string');
  expect(Array.isArray(decoded.items)).toBe(true);
  if (decoded.items.length === 0) expect(typeof decoded.error).toBe('string');
  for (const item of decoded.items) {
    expect(typeof item.type).toBe('string');
    expect(Object.values(item.fields).every((value) => typeof value === 'string')).toBe(true);
    expect(isTree(item.tree)).toBe(true);
    if (item.correlation) expect(typeof item.correlation.id).toBe('string');
  }
}

const directions = fc.constantFrom('send' as const, 'receive' as const);

/** Random text, random JSON, random bytes, and the given real messages cut, flipped and spliced. */
function arbitraryMessage(samples: readonly MessageInput[]): fc.Arbitrary<MessageInput> {
  const text = fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'grapheme' })).map((value) => ({ kind: 'text' as const, text: value }));
  const bytes = fc.uint8Array({ maxLength: 64 }).map((value) => ({ kind: 'binary' as const, bytes: value }));
  const arbitraries: fc.Arbitrary<Omit<MessageInput, 'direction'>>[] = [text, bytes];
  if (samples.length > 0) {
    const mutated = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(255), fc.string({ maxLength: 8 })).map(([sample, at, byte, insert]) => {
      if (sample.kind === 'binary') {
        const copy = sample.bytes.slice(0, (at % (sample.bytes.length + 1)) + 1);
        if (copy.length > 0) copy[at % copy.length] = byte;
        return { kind: 'binary' as const, bytes: copy };
      }
      const cutAt = at % (sample.text.length + 1);
      const variants = [sample.text.slice(0, cutAt), sample.text.slice(0, cutAt) + insert + sample.text.slice(cutAt + 1), sample.text.slice(cutAt)];
      return { kind: 'text' as const, text: variants[byte % variants.length]! };
    });
    arbitraries.push(mutated, mutated);
  }
  return fc.tuple(fc.oneof(...arbitraries), directions).map(([message, direction]) => ({ ...message, direction }) as MessageInput);
}

/** The fuzz property: over sequences of random and mutated messages, decode and detect never throw and decode always returns a DecodedMessage. */
export function fuzzDecoder(decoder: ProtocolDecoder, samples: readonly MessageInput[], connection = context(), runs = 300): void {
  fc.assert(
    fc.property(fc.array(arbitraryMessage(samples), { minLength: 1, maxLength: 8 }), (messages) => {
      const score = decoder.detect(connection, messages);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      const state = decoder.createState(connection);
      for (const message of messages) expectDecodedMessage(decoder.decode(message, state, connection), decoder);
    }),
    { numRuns: runs },
  );
}
