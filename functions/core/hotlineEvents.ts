/**
 * 热点事件 matching: when an operator records a call, the open events (orders marked 热点事件) it may belong to, so
 * the call can be merged (并单) instead of dispatched again. Scores: same item +3, same class +1, same town +2,
 * similar content (character-bigram Jaccard ≥ 0.2, punctuation and spaces ignored) +2, one of the event's keywords in
 * the call +1; only scores ≥ 3 are offered, at most 3, best first.
 */

const SAME_ITEM = 3;
const SAME_CLASS = 1;
const SAME_TOWN = 2;
const SIMILAR = 2;
const KEYWORD = 1;
const MIN_SCORE = 3;
const MIN_SIMILARITY = 0.2;
const MAX_MATCHES = 3;

/** Character bigrams of the letters and digits of a text (punctuation, symbols and spaces dropped). */
function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch));
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

export function matchEvents(
  events: { orderId: string; title: string; classId: string; itemId: string; town: string | null; content: string; keywords: string[]; merged: number }[],
  call: { classId: string; itemId: string; town: string | null; content: string },
): { orderId: string; title: string; score: number; reasons: string[]; merged: number }[] {
  const callGrams = bigrams(call.content);
  const callText = call.content.toLowerCase();
  return events
    .map((e) => {
      let score = 0;
      const reasons: string[] = [];
      if (e.itemId === call.itemId && e.classId === call.classId) {
        score += SAME_ITEM + SAME_CLASS;
        reasons.push('同一事项');
      } else if (e.classId === call.classId) {
        score += SAME_CLASS;
        reasons.push('同类事项');
      }
      if (e.town !== null && e.town === call.town) {
        score += SAME_TOWN;
        reasons.push('同一街道');
      }
      if (jaccard(bigrams(`${e.title}${e.content}`), callGrams) >= MIN_SIMILARITY || jaccard(bigrams(e.content), callGrams) >= MIN_SIMILARITY) {
        score += SIMILAR;
        reasons.push('内容相近');
      }
      const word = e.keywords.find((k) => k.trim() !== '' && callText.includes(k.trim().toLowerCase()));
      if (word !== undefined) {
        score += KEYWORD;
        reasons.push(`含关键词「${word.trim()}」`);
      }
      return { orderId: e.orderId, title: e.title, score, reasons, merged: e.merged };
    })
    .filter((m) => m.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || b.merged - a.merged || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
    .slice(0, MAX_MATCHES);
}
