// The DingTalk fake over raw HTTP, and the local helper routes (/__local/*) with CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateways } from '../../scripts/gateways/index';
import { DING, TestClock, USERS, startTestGateways } from './support';

const clock = new TestClock();
let gw: Gateways;

beforeAll(async () => {
  gw = await startTestGateways(clock);
});
afterAll(async () => {
  await gw.stop();
});

async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

async function token(): Promise<string> {
  const body = await json(await fetch(`${gw.dingtalkUrl}/gettoken?appkey=${DING.appKey}&appsecret=${DING.appSecret}`));
  expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
  return body.access_token as string;
}

const post = (path: string, t: string, body: unknown) =>
  fetch(`${gw.dingtalkUrl}${path}?access_token=${encodeURIComponent(t)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(json);

describe('DingTalk fake', () => {
  it('gettoken refuses a wrong secret and renews the same token within validity', async () => {
    const bad = await json(await fetch(`${gw.dingtalkUrl}/gettoken?appkey=${DING.appKey}&appsecret=wrong`));
    expect(bad.errcode).toBe(40089);
    expect(await token()).toBe(await token());
  });

  it('getuserinfo: a code works once (40078 afterwards), a bad token gives 40014', async () => {
    const t = await token();
    const code = gw.issueCode('dingtalk', '10001');
    expect((await post('/topapi/v2/user/getuserinfo', 'forged', { code })).errcode).toBe(40014);
    const ok = await post('/topapi/v2/user/getuserinfo', t, { code });
    expect(ok).toMatchObject({ errcode: 0, result: { userid: 'ding-clerk-1', name: USERS[0].name, sys: false } });
    expect(ok.result.unionid).toBeTruthy();
    expect(await post('/topapi/v2/user/getuserinfo', t, { code })).toMatchObject({ errcode: 40078, errmsg: '不存在的临时授权码' });
  });

  it('getuserinfo accepts a form-encoded body and refuses 浙政钉 codes and expired codes', async () => {
    const t = await token();
    const form = (code: string) =>
      fetch(`${gw.dingtalkUrl}/topapi/v2/user/getuserinfo?access_token=${t}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code }).toString(),
      }).then(json);
    expect((await form(gw.issueCode('dingtalk', '10002'))).result.userid).toBe('ding-handler-1');
    expect((await form(gw.issueCode('zzd', '10002'))).errcode).toBe(40078);
    const later = gw.issueCode('dingtalk', '10002');
    clock.advance(5 * 60 * 1000 + 1);
    expect((await form(later)).errcode).toBe(40078);
  });

  it('asyncsend_v2 records notices per user; the same content is delivered once per day', async () => {
    const t = await token();
    const msg = { msgtype: 'markdown', markdown: { title: '催办', text: '请尽快办理 **火化证明** 核验' } };
    const r = await post('/topapi/message/corpconversation/asyncsend_v2', t, {
      agent_id: Number(DING.agentId),
      userid_list: 'ding-clerk-1,ding-handler-1,unknown-user',
      msg,
    });
    expect(r).toMatchObject({ errcode: 0 });
    expect(typeof r.task_id).toBe('number');
    expect(gw.notices('10001')).toEqual([expect.objectContaining({ platform: 'dingtalk', title: '催办', msg })]);
    expect(gw.notices('10002')).toHaveLength(1);

    const again = await post('/topapi/message/corpconversation/asyncsend_v2', t, { agent_id: Number(DING.agentId), userid_list: 'ding-clerk-1', msg });
    expect(again.errcode).toBe(0); // success, yet not delivered again today
    expect(gw.notices('10001')).toHaveLength(1);
    clock.advance(24 * 3600 * 1000);
    const t2 = await token();
    await post('/topapi/message/corpconversation/asyncsend_v2', t2, { agent_id: Number(DING.agentId), userid_list: 'ding-clerk-1', msg });
    expect(gw.notices('10001')).toHaveLength(2);
  });

  it('asyncsend_v2 also takes a form-encoded body with msg as a JSON string', async () => {
    const t = await token();
    const res = await fetch(`${gw.dingtalkUrl}/topapi/message/corpconversation/asyncsend_v2?access_token=${t}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        agent_id: DING.agentId,
        userid_list: 'ding-handler-1',
        msg: JSON.stringify({ msgtype: 'link', link: { title: '材料已共享', text: '民政部门已共享死亡证明', messageUrl: 'http://app/#/c/1', picUrl: '@x' } }),
      }).toString(),
    });
    expect(((await res.json()) as { errcode: number }).errcode).toBe(0);
    expect(gw.notices('10002').find((n) => n.title === '材料已共享')).toMatchObject({ text: '民政部门已共享死亡证明', url: 'http://app/#/c/1' });
  });

  it('asyncsend_v2 refuses a wrong agent id and an empty recipient list', async () => {
    const t = await token();
    const msg = { msgtype: 'text', text: { content: 'hi' } };
    expect((await post('/topapi/message/corpconversation/asyncsend_v2', t, { agent_id: 1, userid_list: 'ding-clerk-1', msg })).errcode).toBe(40056);
    expect((await post('/topapi/message/corpconversation/asyncsend_v2', t, { agent_id: Number(DING.agentId), msg })).errcode).toBe(40035);
  });

  it('to-do API: create, finish, delete; header token required', async () => {
    const t = await token();
    const creator = (await post('/topapi/v2/user/get', t, { userid: 'ding-clerk-1' })).result.unionid as string;
    const assignee = (await post('/topapi/v2/user/get', t, { userid: 'ding-handler-1' })).result.unionid as string;
    expect((await post('/topapi/v2/user/get', t, { userid: 'nobody' })).errcode).toBe(60121);
    const create = (tok: string) =>
      fetch(`${gw.dingtalkUrl}/v1.0/todo/users/${creator}/tasks?operatorId=${creator}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': tok },
        body: JSON.stringify({ sourceId: 'st-9', subject: '签收：社保减员', executorIds: [assignee], detailUrl: { appUrl: 'a', pcUrl: 'p' } }),
      });
    const denied = await create('forged');
    expect(denied.status).toBe(401);
    expect((await json(denied)).code).toBe('InvalidAuthentication');
    const created = await json(await create(t));
    expect(created.id).toBeTruthy();
    expect(gw.todos('10002')).toEqual([expect.objectContaining({ id: created.id, state: 'open', subject: '签收：社保减员' })]);

    const put = await fetch(`${gw.dingtalkUrl}/v1.0/todo/users/${assignee}/tasks/${created.id}?operatorId=${assignee}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': t },
      body: JSON.stringify({ done: true }),
    });
    expect((await json(put)).result).toBe(true);
    expect(gw.todos('10002')[0].state).toBe('done');
    const del = await fetch(`${gw.dingtalkUrl}/v1.0/todo/users/${assignee}/tasks/${created.id}`, {
      method: 'DELETE',
      headers: { 'x-acs-dingtalk-access-token': t },
    });
    expect(del.status).toBe(200);
    expect(gw.todos('10002')[0].state).toBe('cancelled');
    const delAgain = await fetch(`${gw.dingtalkUrl}/v1.0/todo/users/${assignee}/tasks/${created.id}`, {
      method: 'DELETE',
      headers: { 'x-acs-dingtalk-access-token': t },
    });
    expect(delAgain.status).toBe(400);
  });
});

describe('local helper routes', () => {
  it('POST /__local/code issues a code the gateway exchange accepts once', async () => {
    const res = await fetch(`${gw.url}/__local/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ accountId: '10002', platform: 'dingtalk' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const { code } = (await res.json()) as { code: string };
    const t = await token();
    expect((await post('/topapi/v2/user/getuserinfo', t, { code })).result.userid).toBe('ding-handler-1');
  });

  it('refuses unknown users and bad bodies; answers CORS preflight only for local origins', async () => {
    const unknown = await fetch(`${gw.url}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accountId":"zzz"}' });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${gw.url}/__local/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    const pre = await fetch(`${gw.url}/__local/code`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8080', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const foreign = await fetch(`${gw.url}/__local/inbox?accountId=10001`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GET /__local/inbox lists a user’s notices and to-dos; users are listed; setUsers replaces them', async () => {
    const inbox = (await json(await fetch(`${gw.url}/__local/inbox?accountId=10001`))) as { notices: unknown[]; todos: unknown[] };
    expect(inbox.notices.length).toBe(gw.notices('10001').length);
    expect(inbox.notices.length).toBeGreaterThan(0);
    expect((await fetch(`${gw.url}/__local/inbox`)).status).toBe(400);
    const users = (await json(await fetch(`${gw.url}/__local/users`))).users as unknown[];
    expect(users).toHaveLength(USERS.length);
    gw.setUsers([{ accountId: '20001', name: '新同事' }]);
    expect(() => gw.issueCode('zzd', '10001')).toThrow(/unknown gateway user/);
    expect(gw.issueCode('zzd', '20001')).toMatch(/^[0-9a-f]{32}$/);
    gw.setUsers(USERS);
  });
});
