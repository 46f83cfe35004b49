// The field checks of Chrome DevTools' HAR importer (devtools-frontend front_end/models/har/HARFormat.ts
// and Importer.ts), re-implemented from reading that source, applied to our export. Headless Chromium
// cannot drive DevTools' "Import HAR" file picker, so this is the stand-in for that check.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { exportHar } from '../../src/shared/har/export';
import { sampleSource } from '../fixtures/har/sample';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function object(data: unknown, what: string): Any {
  if (!data || typeof data !== 'object') throw new Error(`${what}: First parameter is expected to be an object`);
  return data as Any;
}
function safeNumber(data: unknown, what: string): number {
  const result = Number(data);
  if (Number.isNaN(result)) throw new Error(`${what}: Casting to number results in NaN`);
  return result;
}
function optionalNumber(data: unknown, what: string): void {
  if (data !== undefined) safeNumber(data, what);
}
function safeDate(data: unknown, what: string): Date {
  const date = new Date(data as string);
  if (Number.isNaN(date.getTime())) throw new Error(`${what}: Invalid date format`);
  return date;
}
const eachObject = (list: unknown, what: string) => (Array.isArray(list) ? list.forEach((item, i) => object(item, `${what}[${i}]`)) : undefined);

/** Throws where Chrome's HARRoot constructor would; returns the messages Chrome's importer would add as frames. */
function chromeImport(
  root: unknown,
): { url: string; resourceType: string | undefined; frames: { type: string; opcode: number; text: string; time: number }[] }[] {
  const log = object(object(root, 'root')['log'], 'log');
  object(log['creator'], 'log.creator');
  if (Array.isArray(log['pages'])) {
    log['pages'].forEach((page: unknown, i: number) => {
      const p = object(page, `pages[${i}]`);
      safeDate(p['startedDateTime'], `pages[${i}].startedDateTime`);
      const timings = object(p['pageTimings'], `pages[${i}].pageTimings`);
      optionalNumber(timings['onContentLoad'], 'onContentLoad');
      optionalNumber(timings['onLoad'], 'onLoad');
    });
  }
  if (!Array.isArray(log['entries'])) throw new Error('log.entries is expected to be an array');
  return log['entries'].map((value: unknown, i: number) => {
    const at = `entries[${i}]`;
    const entry = object(value, at);
    safeDate(entry['startedDateTime'], `${at}.startedDateTime`);
    safeNumber(entry['time'], `${at}.time`);
    const request = object(entry['request'], `${at}.request`);
    eachObject(request['cookies'], `${at}.request.cookies`);
    eachObject(request['headers'], `${at}.request.headers`);
    eachObject(request['queryString'], `${at}.request.queryString`);
    safeNumber(request['headersSize'], `${at}.request.headersSize`);
    safeNumber(request['bodySize'], `${at}.request.bodySize`);
    const response = object(entry['response'], `${at}.response`);
    safeNumber(response['status'], `${at}.response.status`);
    eachObject(response['cookies'], `${at}.response.cookies`);
    eachObject(response['headers'], `${at}.response.headers`);
    const content = object(response['content'], `${at}.response.content`);
    safeNumber(content['size'], `${at}.response.content.size`);
    optionalNumber(content['compression'], 'compression');
    safeNumber(response['headersSize'], `${at}.response.headersSize`);
    safeNumber(response['bodySize'], `${at}.response.bodySize`);
    optionalNumber(response['_transferSize'], '_transferSize');
    // Importer reads response.httpVersion.toLowerCase(): it must be a string-able value.
    String(response['httpVersion']).toLowerCase();
    const timings = object(entry['timings'], `${at}.timings`);
    for (const key of ['blocked', 'dns', 'connect', 'ssl']) optionalNumber(timings[key], `${at}.timings.${key}`);
    for (const key of ['send', 'wait', 'receive']) safeNumber(timings[key], `${at}.timings.${key}`);
    const frames: { type: string; opcode: number; text: string; time: number }[] = [];
    const messages = entry['_webSocketMessages'];
    if (Array.isArray(messages)) {
      for (const [j, message] of messages.entries()) {
        const m = object(message, `${at}._webSocketMessages[${j}]`);
        optionalNumber(m['time'], 'time');
        optionalNumber(m['opcode'], 'opcode');
        // Importer: skip messages without time/opcode/data or of an unknown type.
        if (m['time'] === undefined || m['opcode'] === undefined || m['data'] === undefined) continue;
        if (!['send', 'receive', 'error'].includes(m['type'])) continue;
        frames.push({ type: m['type'], opcode: Number(m['opcode']), text: String(m['data']), time: Number(m['time']) });
      }
    }
    return { url: String(request['url']), resourceType: entry['_resourceType'], frames };
  });
}

test('our export passes Chrome DevTools importer checks and keeps every message', () => {
  const har = JSON.parse(JSON.stringify(exportHar(sampleSource(), { creatorVersion: '0.1.0' })));
  const requests = chromeImport(har);
  expect(requests.map((r) => [r.url, r.resourceType, r.frames.length])).toEqual([
    ['wss://app.example.test/ws?token=abc&room=1', 'websocket', 5],
    ['ws://app.example.test/quiet', 'websocket', 0],
  ]);
  expect(requests[0]!.frames.map((f) => f.opcode)).toEqual([1, 1, 2, 1, -1]);
});

test('the hand-written Chrome fixture passes the same checks (it is in the shape Chrome reads)', () => {
  const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/har/chrome-websocket.har'), 'utf8'));
  const requests = chromeImport(fixture);
  expect(requests[1]!.frames).toHaveLength(6); // the "pong" row is skipped, as Chrome does
});
