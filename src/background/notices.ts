// Notices for the user: stored for panels opened later, and sent to the panels open now.
import { appendNotice, type StoredNotice } from '../platform/notice-log';
import { broadcastToPanels } from './panel-ports';

export async function postNotice(level: StoredNotice['level'], text: string): Promise<void> {
  broadcastToPanels({ t: 'notice', level, text });
  try {
    await appendNotice({ time: Date.now(), level, text });
  } catch (error) {
    console.error('[wsi] could not store notice', error);
  }
}
