/**
 * Stand-in for `@babel/runtime/helpers/asyncToGenerator` in the mini-app bundles (aliased by
 * scripts/build/miniapp.ts), for gdt-jsapi's invoker, whose generators come from the regenerator
 * stand-in (regenerator.ts): the function's promise follows each yielded value in turn and settles with
 * the returned value. A yielded promise that rejects, or a step that throws, rejects it with that error —
 * what Babel's helper does too for generators without try/catch (the stand-in refuses any other).
 */
interface Steps {
  next(value?: unknown): { value: unknown; done: boolean };
}

export default function asyncToGenerator(fn: (...args: unknown[]) => Steps) {
  return function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const steps = fn.apply(this, args);
    const step = (value?: unknown): unknown => {
      const r = steps.next(value);
      return r.done ? r.value : Promise.resolve(r.value).then(step);
    };
    return new Promise((resolve) => resolve(step()));
  };
}
