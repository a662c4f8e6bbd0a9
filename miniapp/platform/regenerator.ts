/**
 * A small stand-in for `@babel/runtime/regenerator` in the mini-app bundles (aliased by
 * scripts/build/miniapp.ts). gdt-jsapi's `es/invoker.js` (and `es/canIUse.js`) are compiled with
 * Babel's legacy regenerator API: `mark(fn)` and `wrap(inner, fn, self)`, where `inner(ctx)` is a
 * state machine (`switch (ctx.prev = ctx.next)`) that yields by returning a value after setting
 * `ctx.next`, ends with `ctx.abrupt('return', value)` or `ctx.stop()`, and reads `ctx.sent`. Their
 * generators have no try/catch (no `tryLocs`, `ctx.catch`, `ctx.finish`) and no `yield*`; anything
 * else fails loudly here instead of misbehaving. The full runtime costs the 浙政钉 download ~2 KB gzip.
 * The generators are driven only by the asyncToGenerator stand-in (asyncToGenerator.ts), which calls
 * `next` alone: a rejected await or a throwing step rejects the async function without resuming it.
 */

interface LegacyContext {
  prev: unknown;
  next: unknown;
  sent: unknown;
  rval: unknown;
  done: boolean;
  abrupt(type: string, arg?: unknown): unknown;
  stop(): unknown;
}

type Inner = (this: unknown, ctx: LegacyContext) => unknown;

/** Returned by abrupt('return'): run the machine on to its "end" case. */
const RETURNING = {};

function wrap(inner: Inner, _outer: unknown, self: unknown, tryLocs?: unknown[]) {
  if (tryLocs && tryLocs.length) throw new Error('regenerator stand-in: try/catch inside generators is not supported');
  const ctx: LegacyContext = {
    prev: 0,
    next: 0,
    sent: undefined,
    rval: undefined,
    done: false,
    abrupt(type, arg) {
      if (type === 'throw') throw arg;
      if (type !== 'return') throw new Error('regenerator stand-in: ' + type + ' is not supported');
      ctx.rval = arg;
      ctx.next = 'end';
      return RETURNING;
    },
    stop() {
      ctx.done = true;
      return ctx.rval;
    },
  };
  return {
    next(value?: unknown) {
      if (ctx.done) return { value: undefined, done: true };
      ctx.sent = value;
      for (;;) {
        const out = inner.call(self, ctx);
        if (out !== RETURNING) return { value: out, done: ctx.done };
      }
    },
  };
}

export default { mark: <T>(fn: T): T => fn, wrap };
