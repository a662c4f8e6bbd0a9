/**
 * Intake drafts: what a window clerk typed into the one-table form, kept in localStorage per clerk and
 * bundle so that back, a tab switch, a reload or a server outage loses nothing. The draft holds the values
 * as typed (ID numbers and phone numbers included, in clear: it stays on the clerk's own device, under this
 * origin), the optional items chosen and the request id (a replay after an outage is the same request).
 * It is removed on 受理, on 清除, on logout (`clearDrafts`), and when older than `MAX_AGE_MS`.
 */
const PREFIX = 'lianban.draft.';
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface IntakeDraft {
  values: Record<string, string>;
  optional: string[];
  requestId: string;
  /** ms since the epoch, the last change. */
  savedAt: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const keyOf = (staffId: string, bundleId: string) => PREFIX + staffId + '.' + bundleId;

export function loadDraft(staffId: string, bundleId: string, now = Date.now()): IntakeDraft | null {
  const s = storage();
  try {
    const raw = s ? s.getItem(keyOf(staffId, bundleId)) : null;
    const d = raw ? (JSON.parse(raw) as IntakeDraft) : null;
    if (!d || typeof d.values !== 'object' || !d.values || typeof d.requestId !== 'string') return null;
    if (!(now - d.savedAt < MAX_AGE_MS)) {
      clearDraft(staffId, bundleId);
      return null;
    }
    return { values: d.values, optional: Array.isArray(d.optional) ? d.optional : [], requestId: d.requestId, savedAt: d.savedAt };
  } catch {
    return null;
  }
}

export function saveDraft(staffId: string, bundleId: string, draft: IntakeDraft): void {
  try {
    const s = storage();
    if (s) s.setItem(keyOf(staffId, bundleId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the form keeps its values in memory only
  }
}

export function clearDraft(staffId: string, bundleId: string): void {
  try {
    const s = storage();
    if (s) s.removeItem(keyOf(staffId, bundleId));
  } catch {
    // ignore
  }
}

function draftKeys(prefix: string): string[] {
  const s = storage();
  const out: string[] = [];
  if (!s) return out;
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k && k.indexOf(prefix) === 0) out.push(k);
  }
  return out;
}

/** The bundles this clerk has a draft for, the most recent first. */
export function draftBundles(staffId: string, now = Date.now()): string[] {
  const prefix = PREFIX + staffId + '.';
  const found: { bundleId: string; at: number }[] = [];
  draftKeys(prefix).forEach((k) => {
    const bundleId = k.slice(prefix.length);
    const d = loadDraft(staffId, bundleId, now);
    if (d) found.push({ bundleId, at: d.savedAt });
  });
  return found.sort((a, b) => b.at - a.at).map((f) => f.bundleId);
}

/** Every draft on this device (logout: the next person on the device sees none). */
export function clearDrafts(): void {
  const s = storage();
  draftKeys(PREFIX).forEach((k) => {
    try {
      if (s) s.removeItem(k);
    } catch {
      // ignore
    }
  });
}
