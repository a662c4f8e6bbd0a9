/**
 * The login flow: the container's login-free code (免登码) → `POST /api/login {platform, code}` →
 * `{token, staff}` → `GET /api/me` (confirms the token works and gives the current profile).
 */
import type { ApiClient } from '../api';
import type { Platform } from '../platform/types';
import { saveSession, type Session, type Staff } from '../session';

interface LoginResponse {
  token: string;
  staff: Staff;
}

/** `/api/me` answers the staff, possibly wrapped as `{staff}`. */
export function staffFromMe(body: unknown): Staff {
  const obj = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const staff = (obj.staff && typeof obj.staff === 'object' ? obj.staff : obj) as Partial<Staff>;
  if (typeof staff.id !== 'string' || typeof staff.name !== 'string') throw new Error('用户信息格式不正确');
  return { ...staff, roles: Array.isArray(staff.roles) ? staff.roles : [] } as Staff;
}

export async function fetchMe(api: ApiClient): Promise<Staff> {
  return staffFromMe(await api.get<unknown>('/api/me'));
}

export async function login(platform: Platform, api: ApiClient): Promise<Session> {
  const auth = await platform.getAuthCode();
  const res = await api.post<LoginResponse>('/api/login', { platform: auth.platform, code: auth.code });
  if (!res || typeof res.token !== 'string' || !res.token) throw new Error('登录失败：服务器未返回会话');
  saveSession({ token: res.token, staff: res.staff });
  const session = { token: res.token, staff: await fetchMe(api) };
  saveSession(session);
  return session;
}
