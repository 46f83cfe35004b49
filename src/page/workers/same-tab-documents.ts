// The documents of this origin in this tab, as a page hook can find them: from the top frame down
// through every frame (a cross-origin frame still lets its child frames be counted), reading each
// same-origin one's time origin. Firefox Shared Workers use it so that one socket is recorded once
// in a tab whose top page and same-origin frames use the same worker (shared-workers.ts).
//
// A document is named by its performance.timeOrigin (the same for every reader, unlike its URL,
// which history.pushState changes); Firefox clamps it to a millisecond, so two documents of the
// origin starting in the same millisecond in different tabs could be taken for one another, which
// at worst costs one of those tabs its record of a worker's sockets.

import { newList } from '../../worlds/pristine';

const MAX_DEPTH = 16;
const MAX_DOCUMENTS = 256;

/** Read at start, before any page script. */
const own = `${globalThis.performance.timeOrigin}`;

export function ownDocumentId(): string {
  return own;
}

function documentIdOf(frame: Window): string | null {
  try {
    const origin: unknown = frame.performance.timeOrigin;
    // A cross-origin frame refuses the read above; an about:blank one of this origin has no hook.
    return typeof origin === 'number' && frame.location.href !== 'about:blank' ? `${origin}` : null;
  } catch {
    return null;
  }
}

/** The ids of the other documents of this origin in this tab. */
export function sameTabDocuments(): string[] {
  const found = newList<string>();
  const visit = (frame: Window, depth: number): void => {
    if (depth > MAX_DEPTH || found.length >= MAX_DOCUMENTS) return;
    const id = documentIdOf(frame);
    if (id !== null && id !== own) found[found.length] = id;
    let count = 0;
    try {
      count = frame.length;
    } catch {
      return;
    }
    for (let index = 0; index < count; index++) {
      try {
        visit(frame[index] as Window, depth + 1);
      } catch {
        // A frame removed while counting.
      }
    }
  };
  try {
    visit(globalThis.top ?? (globalThis as unknown as Window), 0);
  } catch {
    // Nothing found: this document records as if alone.
  }
  return found as unknown as string[];
}
