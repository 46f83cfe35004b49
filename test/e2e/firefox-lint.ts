// Runs `web-ext lint` (Mozilla's addons-linter, as addons.mozilla.org runs it) on an unpacked extension.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const WEB_EXT_CLI = resolve(import.meta.dirname, '../../node_modules/web-ext/bin/web-ext.js');

export interface LintMessage {
  code: string;
  message: string;
  description: string;
  file?: string;
}

export interface LintReport {
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

export function lintExtension(sourceDir: string): Promise<LintReport> {
  return new Promise((resolvePromise, reject) => {
    // The CLI exits non-zero when it finds errors; its JSON report on stdout is what we want either way.
    execFile(
      process.execPath,
      [WEB_EXT_CLI, 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolvePromise(JSON.parse(stdout) as LintReport);
        } catch {
          reject(new Error(`web-ext lint printed no JSON report: ${error?.message ?? ''}\n${stderr}`));
        }
      },
    );
  });
}

/** One line per message, for assertion diffs that say what the linter found. */
export function describeMessages(messages: LintMessage[]): string[] {
  return messages.map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`);
}
