/**
 * A lean stand-in for `@babel/runtime/regenerator` in the mini-app bundles (aliased by
 * scripts/build/miniapp.ts). gdt-jsapi's `es/invoker.js` and `es/canIUse.js` are compiled with
 * Babel's legacy regenerator API and call only `mark` and `wrap` (with `abrupt`/`stop` inside);
 * the full legacy runtime also drags in async-iterator, keys/values and OverloadYield helpers the
 * 浙政钉 download does not need (~1.2 KB gzip). This is Babel's own adapter
 * (`helpers/regeneratorRuntime.js`, function `a`) over the current `helpers/regenerator`, without
 * `delegateYield` (`yield*`), which neither file uses.
 */
// @ts-expect-error -- Babel's ESM helper ships without type declarations
import regenerator from '@babel/runtime/helpers/esm/regenerator';

interface Machine {
  a: unknown;
  f: unknown;
  p: number;
  n: number;
  v: unknown;
}
type Step = (a?: unknown, b?: unknown) => unknown;
interface LegacyContext {
  prev: number;
  next: number;
  sent: unknown;
  stop(): unknown;
  catch(): unknown;
  abrupt(type: string, arg?: unknown): unknown;
  finish(loc: unknown): unknown;
}

const r = (regenerator as () => { m: (fn: unknown) => unknown; w: (...args: unknown[]) => unknown })();
const completion: Record<string, number> = { throw: 1, return: 2, break: 3, continue: 3 };

function adapt(inner: (this: unknown, ctx: LegacyContext) => unknown) {
  let ctx: LegacyContext | undefined;
  let call: (fn: unknown, a?: unknown, b?: unknown) => unknown;
  return function (this: unknown, m: Machine) {
    if (!ctx) {
      const c: LegacyContext = {
        prev: 0,
        next: 0,
        sent: undefined,
        stop: () => call(m.a, 2),
        catch: () => m.v,
        abrupt: (type, arg) => call(m.a, completion[type], arg),
        finish: (loc) => call(m.f, loc),
      };
      ctx = c;
      call = (fn, a, b) => {
        m.p = c.prev;
        m.n = c.next;
        try {
          return (fn as Step)(a, b);
        } finally {
          c.next = m.n;
        }
      };
    }
    ctx.sent = m.v;
    ctx.next = m.n;
    try {
      return inner.call(this, ctx);
    } finally {
      m.p = ctx.prev;
      m.n = ctx.next;
    }
  };
}

export default {
  mark: r.m,
  wrap: (inner: (ctx: LegacyContext) => unknown, outer: unknown, self: unknown, tryLocs?: unknown[]) =>
    r.w(adapt(inner), outer, self, tryLocs && tryLocs.reverse()),
};
