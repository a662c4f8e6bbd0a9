// Small HTTP helpers shared by the gateway fakes (node:http, no framework).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the fakes accept; the real gateways cap far lower for messages. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** One parameter may appear several times (e.g. repeated form keys). */
export type Params = Map<string, string[]>;

export function paramsFromSearch(search: URLSearchParams, into: Params = new Map()): Params {
  for (const [k, v] of search) {
    const list = into.get(k);
    if (list) list.push(v);
    else into.set(k, [v]);
  }
  return into;
}

export function first(params: Params, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = params.get(n);
    if (v && v.length > 0) return v[0];
  }
  return undefined;
}

/**
 * Parses the request body by content type: form-encoded into params; JSON objects into a record.
 * Unknown or empty bodies give neither.
 */
export function parseBody(contentType: string | undefined, body: Buffer): { form?: Params; json?: Record<string, unknown> } {
  if (body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = body.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    return { form: paramsFromSearch(new URLSearchParams(text)) };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('JSON body must be an object');
    return { json: parsed as Record<string, unknown> };
  }
  return {};
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}
