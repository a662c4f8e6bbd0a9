/**
 * Runs invocations of the declared functions on instance pools, as FC does: an instance takes up to
 * `instanceConcurrency` invocations at once; more load starts more instances up to `maxInstances`, beyond
 * which FC answers 429 ResourceExhausted (a system error, which async delivery retries).
 * Keeps the log of every delivery (`invocations`) and the log lines of running invocations (for Tail).
 */
import path from 'node:path';
import { FunctionInstance, type InvokeRequest } from './instance.js';
import type { FunctionSpec } from './model.js';
import type { InvokeResult, WireContext } from './worker/protocol.js';

export type InvocationSource = 'sync' | 'async' | 'timer' | 'http';

export interface InvocationRecord {
  seq: number;
  requestId: string;
  service: string;
  function: string;
  source: InvocationSource;
  /** Timer trigger name for source 'timer'. */
  triggerName?: string;
  /** 1 for the first attempt of a delivery; async retries count up. */
  attempt: number;
  /** This delivery is the extra copy asked for with duplicateNext(). */
  duplicate: boolean;
  /** The event as UTF-8 (first 4 KB); for HTTP, `METHOD path`. */
  event: string;
  outcome: 'success' | 'HandledInvocationError' | 'UnhandledInvocationError' | 'ResourceExhausted';
  errorMessage?: string;
  instanceId?: string;
  startedAt: string;
  finishedAt: string;
}

export interface RuntimeOptions {
  codeRoot: string;
  accountId: string;
  region: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  /** Extra process env for every function (below the function's own environmentVariables). */
  baseEnv: Record<string, string>;
  maxInstances: number;
  onLog(line: string, meta: { service: string; function: string; requestId: string }): void;
}

export interface InvocationMeta {
  requestId: string;
  source: InvocationSource;
  attempt: number;
  duplicate: boolean;
  triggerName?: string;
  qualifier?: string;
}

export type RunOutcome =
  | { kind: 'result'; result: InvokeResult; logs: string[]; instanceId: string }
  | { kind: 'busy' };

const LOG_TAIL_LINES = 1000;

function functionEnv(fn: FunctionSpec, codeDir: string, baseEnv: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { ...baseEnv };
  // An empty value (e.g. ${env.X} with X unset) is left out, so code sees the variable as unset.
  for (const [k, v] of Object.entries(fn.environmentVariables)) if (v !== '') env[k] = v;
  env.FC_FUNC_CODE_PATH = codeDir;
  return env;
}

class FunctionPool {
  private readonly instances: FunctionInstance[] = [];

  constructor(
    readonly fn: FunctionSpec,
    private readonly spawn: () => FunctionInstance,
    private readonly maxInstances: number,
  ) {}

  acquire(): FunctionInstance | null {
    for (let i = this.instances.length - 1; i >= 0; i--) if (this.instances[i].dead) this.instances.splice(i, 1);
    let instance = this.instances.find((x) => x.inflight < this.fn.instanceConcurrency) ?? null;
    if (!instance && this.instances.length < this.maxInstances) {
      instance = this.spawn();
      this.instances.push(instance);
    }
    if (instance) instance.inflight++;
    return instance;
  }

  release(instance: FunctionInstance): void {
    instance.inflight--;
  }

  get size(): number {
    return this.instances.filter((x) => !x.dead).length;
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((x) => x.terminate()));
    this.instances.length = 0;
  }
}

export class Runtime {
  readonly invocations: InvocationRecord[] = [];
  private readonly pools = new Map<FunctionSpec, FunctionPool>();
  private readonly logBuffers = new Map<string, string[]>();
  private seq = 0;

  constructor(
    readonly functions: FunctionSpec[],
    private readonly options: RuntimeOptions,
  ) {
    for (const fn of functions) {
      const codeDir = path.resolve(options.codeRoot, fn.codeUri);
      const env = functionEnv(fn, codeDir, options.baseEnv);
      const spawn = () =>
        new FunctionInstance(fn, codeDir, env, {
          onLog: (requestId, line) => this.log(fn, requestId, line),
        });
      this.pools.set(fn, new FunctionPool(fn, spawn, options.maxInstances));
    }
  }

  find(service: string, name: string): FunctionSpec | undefined {
    return this.functions.find((f) => f.service.name === service && f.name === name);
  }

  hasService(service: string): boolean {
    return this.functions.some((f) => f.service.name === service);
  }

  /** Live instances of a function (for tests and diagnostics). */
  instanceCount(fn: FunctionSpec): number {
    return this.pools.get(fn)?.size ?? 0;
  }

  private log(fn: FunctionSpec, requestId: string, line: string): void {
    const buffer = this.logBuffers.get(requestId);
    if (buffer && buffer.length < LOG_TAIL_LINES) buffer.push(line);
    this.options.onLog(line, { service: fn.service.name, function: fn.name, requestId });
  }

  context(fn: FunctionSpec, requestId: string, qualifier = 'LATEST'): WireContext {
    return {
      requestId,
      credentials: { ...this.options.credentials },
      function: {
        name: fn.name,
        handler: fn.handler,
        memory: fn.memorySize,
        timeout: fn.timeout,
        initializer: fn.initializer ?? '',
        initializationTimeout: fn.initializationTimeout,
      },
      service: {
        name: fn.service.name,
        qualifier,
        versionId: '',
        logProject: fn.service.logProject,
        logStore: fn.service.logStore,
      },
      region: this.options.region,
      accountId: this.options.accountId,
      tracing: { openTracingSpanContext: '', jaegerEndpoint: '', openTracingSpanBaggages: {} },
    };
  }

  async run(fn: FunctionSpec, request: InvokeRequest, meta: InvocationMeta): Promise<RunOutcome> {
    const pool = this.pools.get(fn)!;
    const startedAt = new Date().toISOString();
    const eventText =
      request.kind === 'event' ? request.event.subarray(0, 4096).toString('utf8') : `${request.request.method} ${request.request.path}`;
    const record = (partial: Pick<InvocationRecord, 'outcome' | 'errorMessage' | 'instanceId'>) => {
      this.invocations.push({
        seq: ++this.seq,
        requestId: meta.requestId,
        service: fn.service.name,
        function: fn.name,
        source: meta.source,
        ...(meta.triggerName ? { triggerName: meta.triggerName } : {}),
        attempt: meta.attempt,
        duplicate: meta.duplicate,
        event: eventText,
        startedAt,
        finishedAt: new Date().toISOString(),
        ...partial,
      });
    };
    const instance = pool.acquire();
    if (!instance) {
      record({ outcome: 'ResourceExhausted', errorMessage: 'all instances are busy' });
      return { kind: 'busy' };
    }
    const logs: string[] = [];
    this.logBuffers.set(meta.requestId, logs);
    const start = Date.now();
    this.log(fn, meta.requestId, `FC Invoke Start RequestId: ${meta.requestId}`);
    try {
      const result = await instance.invoke(request, this.context(fn, meta.requestId, meta.qualifier));
      this.log(fn, meta.requestId, `FC Invoke End RequestId: ${meta.requestId}, Duration: ${Date.now() - start} ms`);
      record(
        result.ok
          ? { outcome: 'success', instanceId: instance.id }
          : {
              outcome: result.handled ? 'HandledInvocationError' : 'UnhandledInvocationError',
              errorMessage: result.error.errorMessage,
              instanceId: instance.id,
            },
      );
      return { kind: 'result', result, logs, instanceId: instance.id };
    } finally {
      pool.release(instance);
      if (this.logBuffers.get(meta.requestId) === logs) this.logBuffers.delete(meta.requestId);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.stop()));
  }
}
