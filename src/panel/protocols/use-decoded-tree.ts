// The Decoded tab's record with its tree: at once when the protocol slice kept it, else decoded again
// (protocol-slice.ts `withTree`) while the tab says so.
import { useEffect, useState } from 'preact/hooks';
import type { DecodedMessage } from '../../protocols/types';
import type { ProtocolSlice } from './protocol-slice';

export type DecodedTree = { state: 'ready'; decoded: DecodedMessage } | { state: 'decoding' } | { state: 'gone' };

export function useDecodedTree(protocols: ProtocolSlice, messageId: number | undefined): DecodedTree {
  const kept = messageId === undefined ? undefined : protocols.keptWithTree(messageId);
  const [found, setFound] = useState<{ messageId: number; decoded: DecodedMessage | undefined }>();
  const restarts = protocols.restarts;
  useEffect(() => {
    if (messageId === undefined || kept) return;
    let current = true;
    void protocols.withTree(messageId).then((decoded) => {
      if (current) setFound({ messageId, decoded });
    });
    return () => {
      current = false;
    };
  }, [protocols, messageId, kept, restarts]);
  if (kept) return { state: 'ready', decoded: kept };
  if (!found || found.messageId !== messageId) return { state: 'decoding' };
  return found.decoded ? { state: 'ready', decoded: found.decoded } : { state: 'gone' };
}
