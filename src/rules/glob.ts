// Socket URL patterns: `*` stands for any run of characters, everything else for itself; '' for every URL.
import { stringCharCodeAt } from '../worlds/pristine';

const STAR = 0x2a;

/** Whether `url` fits `pattern` as a whole. Linear in practice: on a mismatch only the latest `*` is retried. */
export function matchesUrlPattern(pattern: string, url: string): boolean {
  if (pattern === '' || pattern === '*') return true;
  let p = 0;
  let u = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (u < url.length) {
    if (p < pattern.length && stringCharCodeAt(pattern, p) === STAR) {
      starAt = p++;
      resumeAt = u;
    } else if (p < pattern.length && stringCharCodeAt(pattern, p) === stringCharCodeAt(url, u)) {
      p++;
      u++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      u = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && stringCharCodeAt(pattern, p) === STAR) p++;
  return p === pattern.length;
}
