// Builds work-notification messages within the documented 2048-byte limit, and deep links that open
// our pages inside the container (浙政钉: taurus://taurusclient/page/link?url=…, DingTalk:
// dingtalk://dingtalkclient/page/link?url=…; pc_slide=true opens the PC sidebar instead of a browser).
import type { PlatformName, WorkNotice } from './types.js';

export const MAX_MSG_BYTES = 2048;

function containerLink(platform: PlatformName, url: string): string {
  const scheme = platform === 'zzd' ? 'taurus://taurusclient' : 'dingtalk://dingtalkclient';
  return `${scheme}/page/link?url=${encodeURIComponent(url)}&pc_slide=true`;
}

/** Cuts `text` so that `build(text)` serialises within the byte limit. */
function fit(text: string, build: (text: string) => unknown): string {
  const size = (t: string) => Buffer.byteLength(JSON.stringify(build(t)), 'utf8');
  if (size(text) <= MAX_MSG_BYTES) return JSON.stringify(build(text));
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(chars.slice(0, mid).join('') + '…') <= MAX_MSG_BYTES) lo = mid;
    else hi = mid - 1;
  }
  return JSON.stringify(build(chars.slice(0, lo).join('') + '…'));
}

/**
 * The msg JSON: an action card (title, text, one "查看详情" button) when the notice has a link,
 * plain text otherwise. `deepLinks` wraps the link so it opens inside the container.
 */
export function noticeMessage(platform: PlatformName, notice: WorkNotice, deepLinks: boolean): string {
  if (notice.url) {
    const url = deepLinks ? containerLink(platform, notice.url) : notice.url;
    return fit(notice.text, (text) => ({
      msgtype: 'action_card',
      action_card: { title: notice.title, markdown: text, single_title: '查看详情', single_url: url },
    }));
  }
  return fit(notice.text, (text) => ({ msgtype: 'text', text: { content: `${notice.title}\n${text}` } }));
}
