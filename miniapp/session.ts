/**
 * The logged-in session: the token from `POST /api/login` and the staff it names. Kept in memory
 * and in localStorage (the containers may clear storage, then we simply log in again).
 */
/** The logged-in staff member as `/api/me` answers (codes always; names when the server adds them). */
export interface Staff {
  id: string;
  name: string;
  districtCode?: string;
  districtName?: string;
  departmentCode?: string;
  departmentName?: string;
  roles: string[];
  /** When the session token expires (ISO instant). */
  expiresAt?: string;
}

/** 部门 / 区县 for display: the name when known, else the code. */
export function departmentOf(s: { departmentName?: string; departmentCode?: string }): string {
  return s.departmentName || s.departmentCode || '';
}

export function districtOf(s: { districtName?: string; districtCode?: string }): string {
  return s.districtName || s.districtCode || '';
}

export interface Session {
  token: string;
  staff: Staff;
}

const KEY = 'lianban.session';
let current: Session | null = null;
let loaded = false;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (!loaded) {
    loaded = true;
    try {
      const raw = storage()?.getItem(KEY);
      const parsed = raw ? (JSON.parse(raw) as Session) : null;
      current = parsed && typeof parsed.token === 'string' && parsed.staff ? parsed : null;
    } catch {
      current = null;
    }
  }
  return current;
}

export function getToken(): string | null {
  const s = getSession();
  return s ? s.token : null;
}

export function saveSession(session: Session): void {
  current = session;
  loaded = true;
  try {
    storage()?.setItem(KEY, JSON.stringify(session));
  } catch {
    // storage full or disabled: the session lives in memory only
  }
}

export function clearSession(): void {
  current = null;
  loaded = true;
  try {
    storage()?.removeItem(KEY);
  } catch {
    // ignore
  }
}
