// 办件查询: the window's and the supervisor's case list from the `caseIndex` rows the drain writes — found by
// case number, by a subject's name, by ID number (through the archive's keyed hash), by acceptance dates and
// state, paged by cursor; another district's clerk finds nothing; no ID number or name in clear in the index,
// no ID number in a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../functions/service/index.js';
import { TableStore } from '../../functions/store/client.js';
import { birthValues, FATHER_ID, makeId, MOTHER_ID } from '../core/fixtures.js';
import { outcomeOf, rawTableText, suppliedBody } from './helpers.js';
import { KEYS, staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const SUPERVISOR = staff('haishu-serviceCenter', 'supervisor1');
const OTHER_CLERK = staff('yinzhou-serviceCenter', 'clerk1');
const OTHER_MOTHER_ID = makeId('330203', '1995-01-01', '002');

let w: World;
let s: Services;
const logs: string[] = [];
const ids: Record<string, string> = {};

async function accept(who: typeof CLERK, at: string, key: string, values: Record<string, string>) {
  w.clock.now = at;
  const id = (await s.acceptCase(who, { bundleId: 'birth', values: birthValues(values), supplied: suppliedBody, requestId: `search-${key}` })).case.id;
  await s.drainCase(id);
  ids[key] = id;
}

beforeAll(async () => {
  w = await startWorld();
  s = createServices({ client: w.client, keys: KEYS, now: () => w.clock.now, log: (line) => void logs.push(line) });
  await accept(CLERK, '2026-03-02T02:00:00.000Z', 'a', {});
  await accept(CLERK, '2026-03-03T02:00:00.000Z', 'b', { motherName: '张 晓 燕', motherIdNumber: OTHER_MOTHER_ID });
  await accept(CLERK, '2026-03-04T02:00:00.000Z', 'c', {});
  await accept(OTHER_CLERK, '2026-03-04T03:00:00.000Z', 'y', {});
  await s.withdraw(CLERK, ids.c, '申请人要求撤回', 1);
  await s.drainCase(ids.c);
}, 60_000);
afterAll(async () => {
  await w.stop();
});

const found = async (who: typeof CLERK, body: Record<string, unknown>) => (await s.searchCases(who, body)).cases.map((c) => c.caseId);

describe('办件查询', () => {
  it('lists the district\'s cases newest first with masked names and states', async () => {
    const { cases, next } = await s.searchCases(CLERK, {});
    expect(cases.map((c) => c.caseId)).toEqual([ids.c, ids.b, ids.a]);
    expect(next).toBeNull();
    expect(cases[0]).toMatchObject({ state: 'withdrawn', stateLabel: '已撤销', bundleName: '新生儿出生一件事' });
    expect(cases[2].names.sort()).toEqual(['李*梅', '王*华'].sort());
    expect(cases[1].names).toContain('张*燕');
  });

  it('finds a case by its number, and only in the accepting district', async () => {
    expect(await found(CLERK, { q: ids.b })).toEqual([ids.b]);
    expect(await found(SUPERVISOR, { q: ids.b })).toEqual([ids.b]);
    expect(await found(OTHER_CLERK, { q: ids.b })).toEqual([]);
    expect(await found(CLERK, { q: ids.y })).toEqual([]);
  });

  it('finds cases by a subject\'s name (normalised: spaces and full-width forms do not matter)', async () => {
    expect(await found(CLERK, { q: '李秀梅' })).toEqual([ids.c, ids.a]);
    expect(await found(CLERK, { q: '张晓燕' })).toEqual([ids.b]);
    expect(await found(CLERK, { q: ' 王建华 ' })).toEqual([ids.c, ids.b, ids.a]);
    expect(await found(CLERK, { q: '李秀' })).toEqual([]);
    expect(await found(OTHER_CLERK, { q: '张晓燕' })).toEqual([]);
    expect(await found(OTHER_CLERK, { q: '李秀梅' })).toEqual([ids.y]);
  });

  it('finds cases by ID number through the archive\'s keyed hash, only the district\'s', async () => {
    expect(await found(CLERK, { idNumber: MOTHER_ID })).toEqual([ids.c, ids.a]);
    expect(await found(CLERK, { idNumber: OTHER_MOTHER_ID.toLowerCase() })).toEqual([ids.b]);
    expect(await found(CLERK, { idNumber: FATHER_ID, q: '张晓燕' })).toEqual([ids.b]);
    expect(await found(OTHER_CLERK, { idNumber: MOTHER_ID })).toEqual([ids.y]);
    expect(await found(OTHER_CLERK, { idNumber: OTHER_MOTHER_ID })).toEqual([]);
  });

  it('filters by acceptance dates and state', async () => {
    expect(await found(CLERK, { from: '2026-03-03', to: '2026-03-03' })).toEqual([ids.b]);
    expect(await found(CLERK, { from: '2026-03-03' })).toEqual([ids.c, ids.b]);
    expect(await found(CLERK, { to: '2026-03-03' })).toEqual([ids.b, ids.a]);
    expect(await found(CLERK, { state: 'withdrawn' })).toEqual([ids.c]);
    expect(await found(CLERK, { state: 'accepted', from: '2026-03-02', to: '2026-03-04' })).toEqual([ids.b, ids.a]);
    expect(await found(CLERK, { q: '李秀梅', state: 'accepted' })).toEqual([ids.a]);
    expect(await found(CLERK, { idNumber: MOTHER_ID, state: 'withdrawn' })).toEqual([ids.c]);
    expect(await found(CLERK, { idNumber: MOTHER_ID, to: '2026-03-02' })).toEqual([ids.a]);
  });

  it('pages by cursor', async () => {
    const seen: string[] = [];
    for (const body of [{}, { q: '王建华' }, { idNumber: FATHER_ID }]) {
      let cursor: string | null = null;
      const all: string[] = [];
      for (let i = 0; i < 5; i++) {
        const page: Awaited<ReturnType<Services['searchCases']>> = await s.searchCases(CLERK, { ...body, limit: 1, ...(cursor ? { cursor } : {}) });
        all.push(...page.cases.map((c) => c.caseId));
        cursor = page.next;
        if (!cursor) break;
      }
      expect(all).toEqual([ids.c, ids.b, ids.a]);
      seen.push(...all);
    }
    expect(seen).toHaveLength(9);
  });

  it('is for window clerks and supervisors only; bad input is VALIDATION_FAILED', async () => {
    expect(await outcomeOf(s.searchCases(staff('haishu-hospital1', 'handler1'), {}))).toBe('FORBIDDEN');
    expect(await outcomeOf(s.searchCases(CLERK, { from: '2026-03-04', to: '2026-03-02' }))).toBe('VALIDATION_FAILED');
    expect(await outcomeOf(s.searchCases(CLERK, { idNumber: `${MOTHER_ID.slice(0, 17)}0` }))).toBe('VALIDATION_FAILED');
    expect(await outcomeOf(s.searchCases(CLERK, { state: 'open' }))).toBe('VALIDATION_FAILED');
    expect(await outcomeOf(s.searchCases(CLERK, { cursor: 'x' }))).toBe('VALIDATION_FAILED');
    expect(await outcomeOf(s.searchCases(CLERK, { from: '2026-02-30' }))).toBe('VALIDATION_FAILED');
  });

  it('keeps no ID number or name in clear in the index, and logs no ID number', async () => {
    const text = await rawTableText(w.client as never, 'caseIndex', ['ix', 'k'], TableStore);
    expect(text).toContain('李*梅');
    for (const secret of [MOTHER_ID, FATHER_ID, OTHER_MOTHER_ID, MOTHER_ID.slice(0, 17), '李秀梅', '王建华', '张晓燕']) expect(text).not.toContain(secret);
    for (const secret of [MOTHER_ID, FATHER_ID, OTHER_MOTHER_ID, MOTHER_ID.slice(0, 17)]) expect(logs.join('\n')).not.toContain(secret);
  });
});
