// Port choice for the local stack. Defaults: mini-app 8080, FC 8081, gateway fakes 8790, Tablestore 8800.
// A base port P (--port / LIANBAN_PORT) gives mini-app P, FC P+1, gateways P+2, Tablestore P+3;
// P = 0 gives every server a free port (tests).
import { createServer } from 'node:net';

export interface StackPorts {
  miniapp: number;
  fc: number;
  gateways: number;
  ots: number;
}

export const DEFAULT_PORTS: StackPorts = { miniapp: 8080, fc: 8081, gateways: 8790, ots: 8800 };

export function portsFrom(base: number | undefined, overrides: Partial<StackPorts> = {}): StackPorts {
  const fromBase: StackPorts =
    base === undefined
      ? DEFAULT_PORTS
      : base === 0
        ? { miniapp: 0, fc: 0, gateways: 0, ots: 0 }
        : { miniapp: base, fc: base + 1, gateways: base + 2, ots: base + 3 };
  const ports = { ...fromBase };
  for (const [k, v] of Object.entries(overrides) as Array<[keyof StackPorts, number | undefined]>) if (v !== undefined) ports[k] = v;
  for (const [k, v] of Object.entries(ports)) {
    if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`invalid ${k} port: ${v}`);
  }
  return ports;
}

/** A port that was free a moment ago (for a server whose own URL must be known before it starts). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A readable message for a port that is taken. */
export function describeListenError(err: unknown, what: string, port: number): Error {
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return new Error(`${what}: port ${port} is already in use (another npm start?). Choose other ports with --port <base> or LIANBAN_PORT.`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
