// A keep-alive HTTP/1.1 connection for the lean benchmark client: writes complete requests and parses the
// responses (status line, headers, Content-Length body) in order. It replaces http.Agent + http.request,
// whose per-call cost (~40-60 µs of CPU) is a large share of what the server spends on a call; this one
// costs a socket write, a read and a header scan. Responses without Content-Length (chunked) are not
// supported: tablestore-local always sends Content-Length.
import { connect, type Socket } from 'node:net';

export interface WireResponse {
  status: number;
  /** The response head (status line + headers) as latin1 text. */
  head: string;
  body: Buffer;
}

export type ResponseCallback = (error: Error | null, response: WireResponse | null) => void;

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** The value of header `name` (lower-case) in a response head, or undefined. */
export function headerValue(head: string, name: string): string | undefined {
  const lower = head.toLowerCase();
  const at = lower.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const end = head.indexOf('\r\n', start);
  return head.slice(start, end < 0 ? head.length : end).trim();
}

export class WireConnection {
  private readonly waiting: ResponseCallback[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private closed: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  static open(host: string, port: number): Promise<WireConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => resolve(new WireConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one complete request; `callback` gets its response (responses come in request order). */
  send(request: Buffer, callback: ResponseCallback): void {
    if (this.closed) {
      callback(this.closed, null);
      return;
    }
    this.waiting.push(callback);
    this.socket.write(request);
  }

  close(): void {
    this.closed ??= new Error('connection closed');
    this.socket.destroy();
  }

  private fail(err: Error): void {
    this.closed ??= err;
    for (const cb of this.waiting.splice(0)) cb(err, null);
  }

  private onData(chunk: Buffer): void {
    let buf = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const headEnd = buf.indexOf(CRLFCRLF);
      if (headEnd < 0) break;
      const head = buf.toString('latin1', 0, headEnd);
      const length = Number(headerValue(head, 'content-length'));
      if (!Number.isInteger(length)) {
        this.fail(new Error('response without Content-Length'));
        this.socket.destroy();
        return;
      }
      const bodyStart = headEnd + 4;
      if (buf.length < bodyStart + length) break;
      const body = buf.subarray(bodyStart, bodyStart + length);
      buf = buf.subarray(bodyStart + length);
      const callback = this.waiting.shift();
      if (!callback) {
        this.fail(new Error('response without a request'));
        this.socket.destroy();
        return;
      }
      callback(null, { status: Number(head.slice(9, 12)), head, body });
    }
    this.buffered = buf;
  }
}
