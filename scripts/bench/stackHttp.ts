// The local stack over HTTP, as the benchmark parts that drive it call it: JSON calls through the mini-app
// origin, the browser's demo login (the 浙政钉 fake issues a code, the api function exchanges it), medians.

export interface Session {
  token: string;
  staff: Record<string, unknown>;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function call<T>(base: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(base + route, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export async function login(base: string, staffId: string): Promise<Session> {
  const list = await call<Array<{ id: string; accountId: string }>>(base, 'GET', '/api/dev/staff');
  const chosen = list.find((s) => s.id === staffId);
  if (!chosen) throw new Error(`${staffId} is not in the demo staff list`);
  const { code } = await call<{ code: string }>(base, 'POST', '/__local/code', { accountId: chosen.accountId });
  return call<Session>(base, 'POST', '/api/login', { platform: 'local', code });
}
