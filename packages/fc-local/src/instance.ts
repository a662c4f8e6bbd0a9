/**
 * One function instance = one worker thread with its own module load, process.env and memory limit.
 *
 * Why a worker and not a cache-busted import: an instance must have its own module state (fresh on a new
 * instance, kept across its invocations), its own environment variables (process.env differs per function),
 * and must be killable — FC stops an instance whose invocation times out or whose process exits, and the
 * next invocation gets a fresh one (initializer again). A worker gives all three; `process.exit()` in a
 * function ends only its worker.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { splitHandler, type FunctionSpec } from './model.js';
import type { ErrorPayload, FromWorker, InvokeResult, ToWorker, WireContext, WireHttpRequest, WorkerData } from './worker/protocol.js';

let hostCode: string | null = null;

/** The worker host compiled to one CommonJS script (once per process). */
function workerHostCode(): string {
  if (!hostCode) {
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker', 'host.ts');
    const out = buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
    hostCode = out.outputFiles[0].text;
  }
  return hostCode;
}

const PROCESS_EXITED = 'Process exited unexpectedly before completing request';

export type InvokeRequest = { kind: 'event'; event: Buffer } | { kind: 'http'; request: WireHttpRequest };

export interface InstanceHooks {
  /** A log line from the instance (console or context.logger), tagged with its request id ('' outside one). */
  onLog(requestId: string, line: string): void;
}

interface Pending {
  resolve(result: InvokeResult): void;
  timer: NodeJS.Timeout | null;
}

export class FunctionInstance {
  readonly id = randomUUID();
  /** Invocations running on this instance now. */
  inflight = 0;
  dead = false;
  private readonly worker: Worker;
  private readonly loaded: Promise<ErrorPayload | null>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private initialized: boolean;
  private initializing: Promise<InvokeResult> | null = null;
  private exitPromise: Promise<void>;

  constructor(
    readonly fn: FunctionSpec,
    codeDir: string,
    env: Record<string, string>,
    private readonly hooks: InstanceHooks,
  ) {
    this.initialized = fn.initializer === null;
    const { file } = splitHandler(fn.handler);
    const data: WorkerData = { modulePath: path.join(codeDir, file), moduleName: file };
    this.worker = new Worker(workerHostCode(), {
      eval: true,
      workerData: data,
      env,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, fn.memorySize) },
      stdout: false,
      stderr: false,
    });
    let onLoaded: (e: ErrorPayload | null) => void = () => {};
    this.loaded = new Promise((resolve) => (onLoaded = resolve));
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'loaded') onLoaded(m.error);
      else if (m.type === 'log') this.hooks.onLog(m.requestId, m.line);
      else if (m.type === 'done') this.settle(m.id, m.result);
    });
    // An uncaught exception, process.exit() or running out of memory ends the instance.
    this.worker.on('error', () => {});
    this.exitPromise = new Promise((resolve) => {
      this.worker.on('exit', () => {
        this.dead = true;
        onLoaded({ errorMessage: PROCESS_EXITED });
        for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, handled: false, error: { errorMessage: PROCESS_EXITED } });
        resolve();
      });
    });
  }

  private settle(id: number, result: InvokeResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
    p.resolve(result);
  }

  private send(message: ToWorker, timeoutSeconds: number, timeoutMessage: string): Promise<InvokeResult> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        // FC reports the timeout and replaces the instance.
        this.settle(message.id, { ok: false, handled: false, error: { errorMessage: timeoutMessage } });
        void this.terminate();
      }, timeoutSeconds * 1000);
      this.pending.set(message.id, { resolve, timer });
      this.worker.postMessage(message);
    });
  }

  private initialize(context: WireContext): Promise<InvokeResult> {
    if (!this.initializing) {
      const { exportName } = splitHandler(this.fn.initializer!);
      const id = this.nextId++;
      this.initializing = this.send(
        { type: 'invoke', id, kind: 'initialize', exportName, context },
        this.fn.initializationTimeout,
        `Function initialization timed out after ${this.fn.initializationTimeout} seconds`,
      ).then((r) => {
        if (r.ok) this.initialized = true;
        // A failed initializer runs again before the next invocation (FC retries it until it succeeds).
        this.initializing = null;
        return r;
      });
    }
    return this.initializing;
  }

  /** Runs one invocation: module load and initializer first when needed, then the handler, with FC's timeout. */
  async invoke(request: InvokeRequest, context: WireContext): Promise<InvokeResult> {
    const loadError = await this.loaded;
    if (loadError) {
      void this.terminate(); // a module that fails to load is retried on a fresh instance
      return { ok: false, handled: false, error: loadError };
    }
    if (!this.initialized) {
      const init = await this.initialize(context);
      if (!init.ok) return init;
    }
    if (this.dead) return { ok: false, handled: false, error: { errorMessage: PROCESS_EXITED } };
    const { exportName } = splitHandler(this.fn.handler);
    const id = this.nextId++;
    const message: ToWorker =
      request.kind === 'event'
        ? { type: 'invoke', id, kind: 'event', exportName, event: request.event, context }
        : { type: 'invoke', id, kind: 'http', exportName, request: request.request, context };
    return this.send(message, this.fn.timeout, `Function timed out after ${this.fn.timeout} seconds`);
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
    await this.exitPromise;
  }
}
