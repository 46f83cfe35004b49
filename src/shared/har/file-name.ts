// Download names like "websockets_example.com_2026-11-22_04-31-07.har".

export function harFileName(url: string, when: Date): string {
  let host = 'websockets';
  try {
    host = new URL(url).host || host;
  } catch {
    // Not a URL (an imported session without a page): keep the generic name.
  }
  const safeHost = host.replace(/[^A-Za-z0-9.-]+/g, '_');
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  const time = `${pad(when.getHours())}-${pad(when.getMinutes())}-${pad(when.getSeconds())}`;
  return `websockets_${safeHost}_${date}_${time}.har`;
}
