// A dispatcher process for the crash test: drains one case (services.drainCase, the dispatcher's code path)
// and, at a chosen step, tells its parent and freezes so that the parent can kill it with SIGKILL.
// A step is one side effect leaving the process: a Tablestore write (put/update/delete/batch) or a platform
// call (work notice, to-do create/finish). Step k is reported AFTER it completed, so the kill lands between
// step k and step k+1 — the "crash between effects" of the brief.
//   env: the functions' configuration (OTS_*, ZZD_*, DINGTALK_*, DATA_KEY, HASH_KEY, LIANBAN_MODE),
//        DRAIN_CASE_ID, CRASH_AFTER_STEP (0 = never: drain to the end and report the number of steps).
import { createPlatformNotifier } from '../../../functions/effects/notifier';
import { platformsFromEnv } from '../../../functions/platform/index';
import { createServices, drainLeaseFromEnv, keysFromEnv, type Notifier } from '../../../functions/service/index';
import { createOtsClient, type OtsClient } from '../../../functions/store/client';

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
const crashAfter = Number(process.env.CRASH_AFTER_STEP ?? '0');
const caseId = process.env.DRAIN_CASE_ID ?? '';
const steps: string[] = [];

async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const result = await run();
  steps.push(label);
  if (crashAfter > 0 && steps.length === crashAfter) {
    await send({ type: 'crashpoint', step: steps.length, label });
    await new Promise(() => {}); // frozen until SIGKILL
  }
  return result;
}

const WRITES = new Set(['putRow', 'updateRow', 'deleteRow', 'batchWriteRow']);

function countingClient(client: OtsClient): OtsClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => Promise<unknown>;
      if (!WRITES.has(prop)) return fn.bind(target);
      return (params: { tableName?: string }) => step(`ots.${prop}:${params.tableName ?? 'batch'}`, () => fn.call(target, params));
    },
  });
}

function countingNotifier(n: Notifier): Notifier {
  return {
    sendNotice: (x) => step(`notice:${x.template}`, () => n.sendNotice(x)),
    createTodo: (x) => step('todo:create', () => n.createTodo(x)),
    finishTodo: (x) => step('todo:finish', () => n.finishTodo(x)),
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const services = createServices({
    client: countingClient(createOtsClient(env)),
    keys: keysFromEnv(env),
    drainLeaseMs: drainLeaseFromEnv(env),
    notifier: countingNotifier(createPlatformNotifier({ platforms: platformsFromEnv(env), appUrl: 'http://127.0.0.1:8080', log: () => {} })),
    log: () => {},
  });
  const report = await services.drainCase(caseId);
  await send({ type: 'done', report, steps });
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    await send({ type: 'error', message: err instanceof Error ? err.message : String(err), steps });
    process.exit(1);
  },
);
