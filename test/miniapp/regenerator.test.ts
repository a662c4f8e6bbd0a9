/**
 * The stand-ins the mini-app build puts in place of @babel/runtime/regenerator and
 * @babel/runtime/helpers/asyncToGenerator, driving state machines in the exact shape Babel's legacy
 * transform emits (as in gdt-jsapi's es/invoker.js), and of @babel/runtime/helpers/extends. The built
 * 浙政钉 bundle booting through gdt-jsapi on them is covered by bundle-boot.test.ts.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- Babel's ESM helper ships without type declarations
import babelExtends from '@babel/runtime/helpers/esm/extends';
import asyncToGeneratorUntyped from '../../miniapp/platform/asyncToGenerator';
import extendsStandIn from '../../miniapp/platform/extends';
import regenerator from '../../miniapp/platform/regenerator';

type Ctx = { prev: unknown; next: unknown; sent: unknown; abrupt(t: string, a?: unknown): unknown; stop(): unknown };
const asyncToGenerator = asyncToGeneratorUntyped as unknown as <A extends unknown[], R>(fn: (...args: A) => unknown) => (...args: A) => Promise<R>;
const R = regenerator as unknown as { mark<T>(f: T): T; wrap(inner: (e: Ctx) => unknown, outer: unknown, self: unknown, tryLocs?: unknown[]): unknown };

/** As invoker.js `invoke`: jumps with `e.next = N; break`, returns with abrupt. */
const invoke = asyncToGenerator<[string, boolean], string>(
  R.mark(function outer(this: unknown, kind: string, ready: boolean) {
    return R.wrap(
      function (e) {
        for (;;)
          switch ((e.prev = e.next)) {
            case 0:
              if (kind !== 'mobile') {
                e.next = 8;
                break;
              }
              if (ready) {
                e.next = 5;
                break;
              }
              return e.abrupt('return', Promise.reject('错误：请在 dd.ready() 回调中使用 JSAPI'));
            case 5:
              return e.abrupt('return', Promise.resolve('mobile:ok'));
            case 8:
              return e.abrupt('return', 'pc:' + kind);
            case 9:
            case 'end':
              return e.stop();
          }
      },
      outer,
      this,
    );
  }),
);

/** An `await` in the same shape: yield by returning after setting e.next, read e.sent. */
const addLater = asyncToGenerator<[number], number>(
  R.mark(function outer(this: unknown, n: number) {
    let x: number;
    return R.wrap(
      function (e) {
        for (;;)
          switch ((e.prev = e.next)) {
            case 0:
              e.next = 2;
              return Promise.resolve(n * 10);
            case 2:
              x = e.sent as number;
              e.next = 5;
              return new Promise((r) => setTimeout(() => r(x + 1), 1));
            case 5:
              return e.abrupt('return', (e.sent as number) + 1);
            case 'end':
              return e.stop();
          }
      },
      outer,
      this,
    );
  }),
);

describe('regenerator stand-in', () => {
  it('runs jumps and returns of an async function', async () => {
    await expect(invoke('mobile', true)).resolves.toBe('mobile:ok');
    await expect(invoke('pc', true)).resolves.toBe('pc:pc');
    await expect(invoke('mobile', false)).rejects.toBe('错误：请在 dd.ready() 回调中使用 JSAPI');
  });

  it('resumes after each await with the awaited value', async () => {
    await expect(addLater(4)).resolves.toBe(42);
  });

  it('a rejected await rejects the async function', async () => {
    const failing = asyncToGenerator<[], never>(
      R.mark(function outer(this: unknown) {
        return R.wrap(
          function (e) {
            for (;;)
              switch ((e.prev = e.next)) {
                case 0:
                  e.next = 2;
                  return Promise.reject(new Error('桥接失败'));
                case 2:
                case 'end':
                  return e.stop();
              }
          },
          outer,
          this,
        );
      }),
    );
    await expect(failing()).rejects.toThrow('桥接失败');
  });

  it('a step that throws rejects the async function', async () => {
    const throwing = asyncToGenerator<[], never>(
      R.mark(function outer(this: unknown) {
        return R.wrap(
          function (e) {
            return e.abrupt('throw', new Error('参数错误'));
          },
          outer,
          this,
        );
      }),
    );
    await expect(throwing()).rejects.toThrow('参数错误');
  });

  it('refuses what it does not implement instead of misbehaving', () => {
    expect(() => R.wrap(() => undefined, null, null, [[0, 5]])).toThrow(/try\/catch/);
    const gen = R.wrap((e) => e.abrupt('break', 3), null, null) as { next(): unknown };
    expect(() => gen.next()).toThrow(/break is not supported/);
  });
});

describe('extends stand-in', () => {
  it('copies like Babel\'s helper', () => {
    const source = { b: 2, c: 3 };
    const helper = babelExtends as (...args: object[]) => object;
    expect(extendsStandIn({ _apiName: 'toast' }, source)).toEqual(helper({ _apiName: 'toast' }, source));
    expect(extendsStandIn({ a: 1 }, { a: 2 }, undefined as unknown as object)).toEqual({ a: 2 });
  });
});
