// POST /api/cases/search (办件查询) through HTTP on the real service and tablestore-local: by case number, by
// name, by ID number (in the JSON body, never the URL), by dates and state, paged; each result opens with
// GET /api/cases/:id; another district's clerk finds nothing; a handler is refused; bad input is a 400 with
// the catalog's code and changes nothing; no log line holds the ID number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTHER_ID } from '../core/fixtures';
import { acceptThroughApi, birthBody, birthValues, CLERK, makeId, writesSince } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

const OTHER_MOTHER = makeId('330203', '1994-02-03', '011');
const SUPERVISOR = 'yinzhou-serviceCenter-supervisor1';
const HAISHU_CLERK = 'haishu-serviceCenter-clerk1';

let h: RouteHarness;
let a: string;
let b: string;

beforeAll(async () => {
  h = await startRouteHarness();
  a = (await acceptThroughApi(h, birthBody())).caseId;
  b = (await acceptThroughApi(h, birthBody(birthValues({ motherName: '周敏', motherIdNumber: OTHER_MOTHER })))).caseId;
  for (const id of [a, b]) await h.drain(id);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const search = (who: string, json: unknown) => h.call('POST', '/api/cases/search', { token: h.token(who), json });
const ids = (r: { body: { cases: { caseId: string }[] } }) => r.body.cases.map((c) => c.caseId);

describe('POST /api/cases/search', () => {
  it('lists the district\'s cases newest first, masked, for clerks and supervisors', async () => {
    const r = await search(CLERK, {});
    expect(r.status).toBe(200);
    expect(ids(r)).toEqual([b, a]);
    expect(r.body.cases[0]).toMatchObject({ state: 'accepted', stateLabel: '办理中', bundleName: '新生儿出生一件事' });
    expect(r.body.cases[0].names).toContain('周*');
    expect(ids(await search(SUPERVISOR, {}))).toEqual([b, a]);
  });

  it('finds by case number, by name, by ID number, by dates and state; each result opens', async () => {
    expect(ids(await search(CLERK, { q: a }))).toEqual([a]);
    expect(ids(await search(CLERK, { q: '周敏' }))).toEqual([b]);
    expect(ids(await search(CLERK, { idNumber: MOTHER_ID }))).toEqual([a]);
    expect(ids(await search(CLERK, { from: '2026-03-02', to: '2026-03-02', state: 'accepted' }))).toEqual([b, a]);
    expect(ids(await search(CLERK, { to: '2026-03-01' }))).toEqual([]);
    expect(ids(await search(CLERK, { state: 'completed' }))).toEqual([]);
    const page = await search(CLERK, { limit: 1 });
    expect(ids(page)).toEqual([b]);
    expect(ids(await search(CLERK, { limit: 1, cursor: page.body.next }))).toEqual([a]);
    const opened = await h.call('GET', `/api/cases/${a}`, { token: h.token(CLERK) });
    expect(opened.status).toBe(200);
  });

  it('another district\'s clerk finds nothing; a handler is refused', async () => {
    expect(ids(await search(HAISHU_CLERK, {}))).toEqual([]);
    expect(ids(await search(HAISHU_CLERK, { q: a }))).toEqual([]);
    expect(ids(await search(HAISHU_CLERK, { idNumber: MOTHER_ID }))).toEqual([]);
    const r = await search('yinzhou-police-handler1', {});
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FORBIDDEN');
  });

  it('bad input is a 400 with a stable code and a Chinese message, and writes nothing', async () => {
    const before = writesSince(h);
    for (const [json, code] of [
      [{ idNumber: '123' }, 'INVALID_BODY'],
      [{ unknown: 1 }, 'INVALID_BODY'],
      [{ idNumber: `${MOTHER_ID.slice(0, 17)}${MOTHER_ID.endsWith('0') ? '1' : '0'}` }, 'VALIDATION_FAILED'],
      [{ from: '2026-03-05', to: '2026-03-01' }, 'VALIDATION_FAILED'],
      [{ cursor: 'nope' }, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await search(CLERK, json);
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.code).toBe(code);
      expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(writesSince(h)).toBe(before);
  });

  it('no log line holds the ID number', () => {
    const all = h.logs.join('\n');
    for (const secret of [MOTHER_ID, OTHER_MOTHER, MOTHER_ID.slice(0, 17)]) expect(all).not.toContain(secret);
  });
});
