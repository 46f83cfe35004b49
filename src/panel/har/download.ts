// Saves a HAR as a file: JSON built in pieces (yielding to the UI between them), a Blob, an <a download>.
import { harJsonPieces } from '../../shared/har/serialize';
import type { HarRoot } from '../../shared/har/types';

const PIECES_PER_TURN = 200;

export async function harBlob(root: HarRoot): Promise<Blob> {
  const parts: string[] = [];
  for (const piece of harJsonPieces(root)) {
    parts.push(piece);
    if (parts.length % PIECES_PER_TURN === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Blob(parts, { type: 'application/json' });
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: the download reads the URL asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
