// The "Copy as" formats in menu order: here, in the panel's first code, so the menu lists them
// while copy-formats.ts (the formatting, with the JSON reader and the HAR writer) loads.
export type CopyFormat = 'text' | 'json' | 'base64' | 'hex' | 'har';

export const COPY_FORMATS: readonly { id: CopyFormat; name: string }[] = [
  { id: 'text', name: 'text' },
  { id: 'json', name: 'JSON' },
  { id: 'base64', name: 'base64' },
  { id: 'hex', name: 'hex' },
  { id: 'har', name: 'HAR entry' },
];
