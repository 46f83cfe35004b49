// The page hook's shape check of commands from the content script (src/page/command-parse.ts): a new
// connection may name the connection whose worker should open it, and nothing else gets through.
import { describe, expect, test } from 'vitest';
import { parseCommand } from '../../src/page/command-parse';

describe('parseCommand: connect', () => {
  test('keeps the connection whose holder opens the new one, and leaves it out when absent', () => {
    expect(parseCommand({ t: 'connect', id: 'c1', url: 'wss://a.test/', protocols: ['p'], holderOf: 'w1:4' })).toEqual({
      t: 'connect',
      id: 'c1',
      url: 'wss://a.test/',
      protocols: ['p'],
      holderOf: 'w1:4',
    });
    expect(parseCommand({ t: 'connect', id: 'c1', url: 'wss://a.test/', protocols: [] })).toEqual({
      t: 'connect',
      id: 'c1',
      url: 'wss://a.test/',
      protocols: [],
    });
  });

  test('refuses a holder that is not a string', () => {
    expect(parseCommand({ t: 'connect', id: 'c1', url: 'wss://a.test/', protocols: [], holderOf: 4 })).toBeNull();
    expect(parseCommand({ t: 'connect', id: 'c1', url: 'wss://a.test/', protocols: [], holderOf: { toString: () => 'w1:4' } })).toBeNull();
  });

  test('reads only own properties: a holder put on Object.prototype is not taken', () => {
    const prototype = Object.prototype as { holderOf?: string };
    prototype.holderOf = 'w9:9';
    try {
      expect(parseCommand({ t: 'connect', id: 'c1', url: 'wss://a.test/', protocols: [] })).toEqual({
        t: 'connect',
        id: 'c1',
        url: 'wss://a.test/',
        protocols: [],
      });
    } finally {
      delete prototype.holderOf;
    }
  });
});
