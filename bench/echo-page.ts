// The echo workload both echo benches time: a fresh tab sends a message to the test server's /echo
// and waits for it to come back, `roundTrips` times; the time is measured inside the page.
import type { BrowserContext } from 'playwright-core';

export interface EchoWorkload {
  name: string;
  /** Bytes per message: text when `text`, otherwise an ArrayBuffer. */
  bytes: number;
  text: boolean;
  roundTrips: number;
}

/** Milliseconds for the workload's round trips on `pageUrl`, a page of the server at `wsUrl`. */
export async function timeEchoes(context: BrowserContext, pageUrl: string, wsUrl: string, workload: EchoWorkload, roundTrips = workload.roundTrips): Promise<number> {
  const page = await context.newPage();
  await page.goto(pageUrl);
  const elapsed = await page.evaluate(
    async ({ wsUrl, bytes, text, roundTrips }) => {
      const socket = new WebSocket(`${wsUrl}/echo`);
      socket.binaryType = 'arraybuffer';
      await new Promise((ok) => (socket.onopen = ok));
      const payload = text ? 'x'.repeat(bytes) : new Uint8Array(bytes).fill(7).buffer;
      const started = performance.now();
      for (let i = 0; i < roundTrips; i++) {
        const echoed = new Promise((ok) => (socket.onmessage = ok));
        socket.send(payload);
        await echoed;
      }
      const took = performance.now() - started;
      socket.close();
      return took;
    },
    { wsUrl, bytes: workload.bytes, text: workload.text, roundTrips },
  );
  await page.close();
  return elapsed;
}
