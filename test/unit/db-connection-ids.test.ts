import { expect, test } from 'vitest';
import { belongsToDocument, scopeConnectionId, unscopeConnectionId } from '../../src/db/connection-ids';

test('connection ids are scoped to their document and only unscope there', () => {
  const id = scopeConnectionId('doc-a', '3');
  expect(id).toBe('doc-a/3');
  expect(unscopeConnectionId('doc-a', id)).toBe('3');
  expect(unscopeConnectionId('doc-b', id)).toBeUndefined();
  expect(belongsToDocument('doc-a', id)).toBe(true);
  // A hook id that itself looks scoped stays inside its own document.
  expect(unscopeConnectionId('doc-a', scopeConnectionId('doc-a', 'doc-b/3'))).toBe('doc-b/3');
  expect(belongsToDocument('doc', 'doc-a/3')).toBe(false);
});
