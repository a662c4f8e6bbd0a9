/** Serves a fetch-style handler (e.g. a Hono app's `fetch`) over node:http on a free port. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function serveFetch(handler: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const method = req.method || 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
      const response = await handler(new Request('http://127.0.0.1' + (req.url || '/'), { method, headers, body }));
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: 'http://127.0.0.1:' + port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
