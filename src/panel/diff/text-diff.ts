// A text diff by Myers' O(ND) algorithm over tokens: lines for multi-line text, words and punctuation
// for the one-line payloads most sockets carry.

export interface DiffRun {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Beyond this many differing tokens the diff gives up token detail and reports one replacement. */
const MAX_EDITS = 2000;

/** Splits text into lines when it has several, else into words, spaces and punctuation. */
export function tokenize(text: string): string[] {
  if (text.includes('\n')) return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return text.match(/\w+|\s+|[^\w\s]/g) ?? [];
}

export function diffText(before: string, after: string): DiffRun[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const edits = shortestEdit(a, b);
  if (!edits)
    return merge([
      { kind: 'delete', text: before },
      { kind: 'insert', text: after },
    ]);
  return merge(edits);
}

/** Myers' greedy forward search, keeping each round's frontier to walk the path back. */
function shortestEdit(a: readonly string[], b: readonly string[]): DiffRun[] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = MAX_EDITS + 1;
  const frontier = new Int32Array(2 * offset + 1);
  const history: Int32Array[] = [];
  for (let d = 0; d <= Math.min(n + m, MAX_EDITS); d++) {
    history.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!) ? frontier[offset + k + 1]! : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return backtrack(history, a, b, offset, d);
    }
  }
  return undefined;
}

function backtrack(history: Int32Array[], a: readonly string[], b: readonly string[], offset: number, lastD: number): DiffRun[] {
  const runs: DiffRun[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = lastD; d > 0; d--) {
    const frontier = history[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const previousK = down ? k + 1 : k - 1;
    const previousX = frontier[offset + previousK]!;
    const previousY = previousX - previousK;
    for (; x > previousX && y > previousY; x--, y--) runs.push({ kind: 'equal', text: a[x - 1]! });
    runs.push(down ? { kind: 'insert', text: b[previousY]! } : { kind: 'delete', text: a[previousX]! });
    x = previousX;
    y = previousY;
  }
  for (; x > 0; x--) runs.push({ kind: 'equal', text: a[x - 1]! });
  return runs.reverse();
}

function merge(runs: readonly DiffRun[]): DiffRun[] {
  const merged: DiffRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = merged.at(-1);
    if (last && last.kind === run.kind) last.text += run.text;
    else merged.push({ ...run });
  }
  return merged;
}
