/**
 * The FC 2.0 Node.js function contract as the local runner provides it (types only).
 *
 * - Event handler: `handler(event: Buffer, context, callback?)`; return a value (or a promise), or call
 *   `callback(err, result)`. A Buffer/string result is returned as is, anything else as JSON.
 * - HTTP handler (function with an HTTP trigger): `handler(req, resp, context)`; finish with `resp.send(...)`.
 * - Initializer (`initializer: index.initialize`): `initialize(context, callback?)`, once per instance.
 */
import type { Readable } from 'node:stream';

export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
}

export interface FcLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  log(...args: unknown[]): void;
}

export interface FcContext {
  requestId: string;
  credentials: FcCredentials;
  function: {
    name: string;
    handler: string;
    memory: number;
    timeout: number;
    initializer: string;
    initializationTimeout: number;
  };
  service: { name: string; qualifier: string; versionId: string; logProject: string; logStore: string };
  region: string;
  accountId: string;
  tracing: { openTracingSpanContext: string; jaegerEndpoint: string; openTracingSpanBaggages: Record<string, string> };
  logger: FcLogger;
}

/** The HTTP request handed to an HTTP handler; it is also a Readable stream of the body. */
export interface FcHttpRequest extends Readable {
  /** Lower-cased names; `connection`, `keep-alive` and `x-fc-*` removed. */
  headers: Record<string, string>;
  /** Path after `/<service>/<function>` (or `/http/<function>`), starting with `/`. */
  path: string;
  /** A repeated key gives an array. */
  queries: Record<string, string | string[]>;
  method: string;
  clientIP: string;
  /** The request target as received (path and query), e.g. `/2016-08-15/proxy/svc/fn/a?b=1`. Route on `path`. */
  url: string;
  /** The whole body. */
  body: Buffer;
}

export interface FcHttpResponse {
  setStatusCode(statusCode: number): void;
  setHeader(name: string, value: string | string[]): void;
  deleteHeader(name: string): void;
  send(body: Buffer | string | Readable): void;
}

export type FcCallback = (error?: unknown, result?: unknown) => void;
export type FcEventHandler = (event: Buffer, context: FcContext, callback: FcCallback) => unknown;
export type FcHttpHandler = (req: FcHttpRequest, resp: FcHttpResponse, context: FcContext) => unknown;
export type FcInitializer = (context: FcContext, callback: FcCallback) => unknown;
