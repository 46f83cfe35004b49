// The BroadcastChannel both ends of a Firefox Shared Worker's capture use (shared-protocol.ts), opened
// with built-ins taken before any page script runs, so a page replacing BroadcastChannel or its
// methods later changes nothing here.
import { addEventListener, uncurryGetter, uncurryThis } from '../../worlds/pristine';

const NativeBroadcastChannel: typeof BroadcastChannel | undefined = typeof BroadcastChannel === 'function' ? BroadcastChannel : undefined;
const channelPost = NativeBroadcastChannel ? uncurryThis(NativeBroadcastChannel.prototype.postMessage) : undefined;
const messageData = uncurryGetter<unknown>(MessageEvent.prototype, 'data');

export interface SharedBroadcast {
  post(message: unknown): void;
}

/** Opens `name`; each message's data goes to `onData` (untrusted). Null where there is no BroadcastChannel. */
export function openSharedBroadcast(name: string, onData: (untrusted: unknown) => void): SharedBroadcast | null {
  if (!NativeBroadcastChannel || !channelPost) return null;
  const channel = new NativeBroadcastChannel(name);
  const post = channelPost;
  addEventListener(channel, 'message', (event) => {
    try {
      onData(messageData(event));
    } catch {
      // A malformed message never surfaces in the page's code.
    }
  });
  return {
    post(message) {
      try {
        post(channel, message);
      } catch {
        // Lost, never thrown into the page's code.
      }
    },
  };
}
