// A server that answers every request with the same, correctly encoded GetRowResponse and does no other
// work: GetRow against it measures what a client alone can do on this machine (its ceiling).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchAttributes, cannedGetRowResponse } from './sdk';

export interface CannedServer { url: string; close(): Promise<void> }

export async function startCannedServer(): Promise<CannedServer> {
  const body = cannedGetRowResponse([{ pk: 'g000000' }], benchAttributes(0));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
