// Builds one source file and what it imports into a single self-contained classic script (an IIFE) and
// returns its text: for code that must run where no module graph is loaded, or before one has been.
import { build, type Rollup } from 'vite';

export interface IifeOptions {
  entry: string;
  mode: string;
  /** The global the script assigns its exports to (none when it only has side effects). */
  name?: string;
  minify?: boolean;
}

export async function buildIife({ entry, mode, name, minify = false }: IifeOptions): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    mode,
    build: {
      write: false,
      target: 'es2022',
      minify,
      sourcemap: false,
      lib: { entry, formats: ['iife'], name: name ?? 'unused' },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunk = results.flatMap((result) => result.output).find((item): item is Rollup.OutputChunk => item.type === 'chunk');
  if (!chunk) throw new Error(`the build of ${entry} produced no script`);
  return chunk.code;
}
