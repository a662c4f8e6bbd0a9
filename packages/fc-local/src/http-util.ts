/** Small helpers shared by the runner's HTTP handlers. */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ApiError } from './errors.js';

export const MB = 1024 * 1024;

/** Reads the whole body; beyond `limit` bytes keeps draining but reports `tooLarge` (no buffering). */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

export function parseQueries(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** Size of a header block as it travels: `name: value\r\n` per header. */
export function headerBytes(pairs: Array<[string, string]>): number {
  return pairs.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 4, 0);
}

export function rawHeaderPairs(req: IncomingMessage): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return pairs;
}

export function sendApiError(res: ServerResponse, error: ApiError, requestId: string): void {
  const body = JSON.stringify({ ErrorCode: error.code, ErrorMessage: error.message, RequestId: requestId });
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-fc-request-id': requestId,
  });
  res.end(body);
}

/**
 * The same error as a whole HTTP response, for a request Node's parser refused before a ServerResponse
 * existed (written to the socket, which is then closed).
 */
export function rawApiErrorResponse(error: ApiError, requestId: string): string {
  const body = JSON.stringify({ ErrorCode: error.code, ErrorMessage: error.message, RequestId: requestId });
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-fc-request-id: ${requestId}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

export function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
