import { socketIoDecoder } from '../src/protocols/socket.io';
const N = 200_000;
const gc = (globalThis as any).gc as () => void;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
const ctx = { url: 'ws://x/socket.io/?EIO=4&transport=websocket', protocol: '', requestedProtocols: [] };
const state = socketIoDecoder.createState(ctx);
socketIoDecoder.decode({ kind: 'text', text: '0{"sid":"a"}' } as any, state, ctx);
const texts = Array.from({ length: N }, (_, i) => `42["tick",{"seq":${i},"body":"Message number ${i}"}]`);
const base = heap();
const kept: unknown[] = [];
for (let i = 0; i < N; i++) {
  const d = socketIoDecoder.decode({ kind: 'text', text: texts[i] } as any, state, ctx);
  kept.push(process.argv[2] === 'notree' ? { ...d, items: d.items.map((it: any) => ({ ...it, tree: [] })) } : d);
}
console.log(JSON.stringify(kept[1]).slice(0,200)); console.log(process.argv[2], ((heap() - base) / N).toFixed(0), 'B/row');
