// A fake FC 2.0 HTTP request/response pair, shaped like the runtime's objects (req.headers, path,
// queries, method, clientIP, body Buffer — or req readable as a stream; resp.setStatusCode/setHeader/
// deleteHeader/send), recording what the function wrote.
import { Readable } from 'node:stream';
import type { FcHttpRequest, FcHttpResponse } from '../../functions/fc/http';

export interface RecordedResponse extends FcHttpResponse {
  status: number;
  headers: Map<string, string | string[]>;
  body: Buffer | undefined;
  sends: number;
  sent: Promise<void>;
  json(): any;
}

export function fcResponse(): RecordedResponse {
  let resolve!: () => void;
  const sent = new Promise<void>((r) => (resolve = r));
  const r: RecordedResponse = {
    status: 200,
    headers: new Map(),
    body: undefined,
    sends: 0,
    sent,
    setStatusCode(status) {
      r.status = status;
    },
    setHeader(name, value) {
      r.headers.set(name.toLowerCase(), value);
    },
    deleteHeader(name) {
      r.headers.delete(name.toLowerCase());
    },
    send(body) {
      r.sends++;
      r.body = Buffer.isBuffer(body) ? body : Buffer.from(body);
      resolve();
    },
    json() {
      return JSON.parse((r.body ?? Buffer.alloc(0)).toString('utf8'));
    },
  };
  return r;
}

export interface FcRequestInit {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  queries?: Record<string, string | string[]>;
  body?: Buffer | string;
  /** Deliver the body as a readable stream (older runtimes) instead of req.body. */
  asStream?: boolean;
}

export function fcRequest(init: FcRequestInit): FcHttpRequest {
  const base = {
    method: init.method ?? 'GET',
    path: init.path,
    headers: { host: 'lianban.example.gov.cn', ...(init.headers ?? {}) },
    queries: init.queries ?? {},
    clientIP: '10.0.0.8',
    url: init.path,
  };
  if (init.asStream) {
    const stream = Readable.from(init.body === undefined ? [] : [Buffer.from(init.body)]);
    return Object.assign(stream, base) as unknown as FcHttpRequest;
  }
  return { ...base, body: init.body === undefined ? undefined : Buffer.from(init.body) };
}
