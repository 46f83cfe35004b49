// Dragging across the timeline's plot from the middle of its width to past its right edge, as a user
// selects the later part of a session. Playwright's and Puppeteer's mouse share these calls.

interface Mouse {
  move(x: number, y: number, options?: { steps?: number }): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function dragRightHalf(mouse: Mouse, box: { x: number; y: number; width: number; height: number }): Promise<void> {
  const y = box.y + box.height / 2;
  await mouse.move(box.x + box.width * 0.5, y);
  await mouse.down();
  await mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
  await mouse.move(box.x + box.width + 30, y, { steps: 5 });
  await mouse.up();
}
