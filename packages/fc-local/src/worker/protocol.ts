/** Messages between the runner (main thread) and one function instance (a worker thread). */
import type { FcContext } from '../contract.js';

/** The context minus the logger (built inside the worker). */
export type WireContext = Omit<FcContext, 'logger'>;

export interface WireHttpRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  queries: Record<string, string | string[]>;
  clientIP: string;
  body: Uint8Array;
}

export interface WorkerData {
  /** Absolute path of the module file (`<codeDir>/index.js`). */
  modulePath: string;
  /** File part of the handler, for messages (`index`). */
  moduleName: string;
}

export type ToWorker =
  | { type: 'invoke'; id: number; kind: 'event'; exportName: string; event: Uint8Array; context: WireContext }
  | { type: 'invoke'; id: number; kind: 'http'; exportName: string; request: WireHttpRequest; context: WireContext }
  | { type: 'invoke'; id: number; kind: 'initialize'; exportName: string; context: WireContext };

/** FC's error payload: `{"errorMessage","errorType","stackTrace"}` (type and trace only for Error objects). */
export interface ErrorPayload {
  errorMessage: string;
  errorType?: string;
  stackTrace?: string[];
}

export type InvokeResult =
  | { ok: true; kind: 'event' | 'initialize'; body: Uint8Array }
  | { ok: true; kind: 'http'; status: number; headers: Array<[string, string]>; body: Uint8Array }
  | { ok: false; handled: boolean; error: ErrorPayload };

export type FromWorker =
  | { type: 'loaded'; error: ErrorPayload | null }
  | { type: 'log'; requestId: string; line: string }
  | { type: 'done'; id: number; result: InvokeResult };
