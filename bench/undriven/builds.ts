// Extension builds named on a bench's command line: each argument is a build's folder, or NAME=FOLDER
// to show NAME instead of the folder.
import { resolve } from 'node:path';
import type { Build } from './compare';

export function parseBuilds(args: readonly string[]): Build[] {
  return args.map((arg) => {
    const named = /^([^=/]+)=(.+)$/.exec(arg);
    return named ? { name: named[1]!, dir: resolve(named[2]!) } : { name: resolve(arg), dir: resolve(arg) };
  });
}
