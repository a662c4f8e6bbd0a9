// The typed subset of `@alicloud/fc2@2.6.6` lianban uses (InvokeFunction), loaded lazily.
//
// SDK facts encoded here (from the @alicloud/fc2 2.x client and the FC 2.0 API reference):
// - `new FC(accountId, {accessKeyID, accessKeySecret, region, endpoint?, timeout?, securityToken?})`: account id,
//   keys and region are always required, even with an endpoint; an access key id starting with "STS" needs
//   securityToken. Without `endpoint` the SDK calls http://<account>.<region>.fc.aliyuncs.com.
// - `timeout` defaults to 60 s (the README's 10 s is wrong): always set it.
// - `invokeFunction(service, fn, event: string|Buffer, headers)` with `x-fc-invocation-type: Async` returns on a 2xx
//   with an empty body; a non-2xx throws Error("POST … failed with <status>. requestid: …") with `code` = FC ErrorCode.
// - The SDK module pulls in ali-oss, axios and ws at load time (~1.8 MB bundled), so it is imported on first use:
//   functions that never kick do not pay for it at cold start.

export interface Fc2Config {
  accessKeyID: string;
  accessKeySecret: string;
  region: string;
  endpoint?: string;
  timeout?: number;
  securityToken?: string;
}

interface Fc2Response {
  headers: Record<string, string | string[] | undefined>;
  data: unknown;
}

export interface Fc2Client {
  invokeFunction(service: string, fn: string, event: string | Buffer, headers?: Record<string, string>, qualifier?: string): Promise<Fc2Response>;
}

export type Fc2Constructor = new (accountId: string, config: Fc2Config) => Fc2Client;

let loading: Promise<Fc2Constructor> | undefined;

/** The SDK's client class (imported once, on first call). */
export function loadFc2(): Promise<Fc2Constructor> {
  loading ??= import('@alicloud/fc2').then((mod) => {
    // CommonJS module: the class is module.exports, which ESM interop exposes as `default`.
    const candidate = (mod as { default?: unknown }).default ?? mod;
    if (typeof candidate !== 'function') throw new Error('@alicloud/fc2 did not export a client class');
    return candidate as Fc2Constructor;
  });
  return loading;
}

/** The SDK error's FC ErrorCode and HTTP status text, for logs (the message holds no user data). */
export function describeFc2Error(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}: ${err.message}`;
  }
  return String(err);
}
