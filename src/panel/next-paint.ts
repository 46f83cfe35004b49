// Lets the browser paint what was just rendered before more work starts: a task queued from the next
// animation frame runs after that frame's paint. Where no frame comes (a hidden panel, or no DOM in
// unit tests), a short timeout resolves it instead, so nothing waits for a paint that never happens.
const NO_FRAME_MS = 100;

/** Calls `done` once, after the next paint; the function returned cancels that and leaves no timer. */
export function onNextPaint(done: () => void): () => void {
  const timers: ReturnType<typeof setTimeout>[] = [];
  let frame: number | undefined;
  let settled = false;
  const cancel = () => {
    settled = true;
    for (const timer of timers) clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
  const finish = () => {
    if (settled) return;
    cancel();
    done();
  };
  if (typeof requestAnimationFrame !== 'function') {
    timers.push(setTimeout(finish, 0));
  } else {
    frame = requestAnimationFrame(() => {
      frame = undefined;
      timers.push(setTimeout(finish, 0));
    });
    timers.push(setTimeout(finish, NO_FRAME_MS));
  }
  return cancel;
}

export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => void onNextPaint(resolve));
}
