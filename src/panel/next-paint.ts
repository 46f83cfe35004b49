// Lets the browser paint what was just rendered before more work starts: a task queued from the next
// animation frame runs after that frame's paint. Where no frame comes (a hidden panel, or no DOM in
// unit tests), a short timeout resolves it instead, so nothing waits for a paint that never happens.
const NO_FRAME_MS = 100;

export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    if (typeof requestAnimationFrame !== 'function') return void setTimeout(done, 0);
    requestAnimationFrame(() => setTimeout(done, 0));
    setTimeout(done, NO_FRAME_MS);
  });
}
