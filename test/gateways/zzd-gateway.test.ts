// The 浙政钉 gateway fake over raw HTTP: signature verification, envelope, single-use codes, tokens.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateways } from '../../scripts/gateways/index';
import { bytesToSign } from '../../scripts/gateways/zzd-auth';
import { cstTimestamp, signedHeaders, stringToSign } from '../../functions/platform/zzd-sign';
import { TestClock, USERS, ZZD, startTestGateways } from './support';

const clock = new TestClock();
let gw: Gateways;

beforeAll(async () => {
  gw = await startTestGateways(clock);
});
afterAll(async () => {
  await gw.stop();
});

interface Sent {
  status: number;
  body: Record<string, any>;
}

/** A request signed the way the documentation says; `tamper` edits headers/params after signing. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  opts: { secret?: string; now?: number; nonce?: string; tamper?: (h: Record<string, string>, p: Record<string, string>) => void } = {},
): Promise<Sent> {
  const headers = signedHeaders({
    method,
    path,
    params,
    appKey: ZZD.appKey,
    appSecret: opts.secret ?? ZZD.appSecret,
    now: opts.now ?? clock.now(),
    nonce: opts.nonce,
  });
  const sentParams = { ...params };
  opts.tamper?.(headers, sentParams);
  const encoded = new URLSearchParams(sentParams).toString();
  const res =
    method === 'GET'
      ? await fetch(`${gw.zzdUrl}${path}?${encoded}`, { headers })
      : await fetch(`${gw.zzdUrl}${path}`, {
          method,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: encoded,
        });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function token(): Promise<string> {
  const r = await call('GET', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret });
  expect(r.body.content.success).toBe(true);
  return r.body.content.data.accessToken as string;
}

describe('signature canonicalisation', () => {
  it('builds the documented string to sign (method, timestamp, nonce, path, sorted raw params)', () => {
    const text = stringToSign('get', '2020-04-13T11:12:53.581+08:00', '15867479735811234', '/gettoken.json', {
      appsecret: 's e/cret',
      appkey: 'k',
    });
    expect(text).toBe('GET\n2020-04-13T11:12:53.581+08:00\n15867479735811234\n/gettoken.json\nappkey=k&appsecret=s e/cret');
    // the fake's independent implementation agrees, including repeated keys
    const params = new Map([
      ['appsecret', ['s e/cret']],
      ['appkey', ['k']],
    ]);
    expect(bytesToSign('GET', '2020-04-13T11:12:53.581+08:00', '15867479735811234', '/gettoken.json', params)).toBe(text);
    expect(stringToSign('POST', 't', 'n', '/x', {})).toBe('POST\nt\nn\n/x');
  });

  it('sends timestamps in China Standard Time', () => {
    expect(cstTimestamp(Date.UTC(2020, 3, 13, 3, 12, 53, 581))).toBe('2020-04-13T11:12:53.581+08:00');
  });
});

describe('浙政钉 gateway fake: request signature', () => {
  it('accepts a correctly signed gettoken and answers the documented envelope', async () => {
    const r = await call('GET', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, content: { success: true, responseCode: '0', responseMessage: 'OK' } });
    expect(r.body.content.data.accessToken).toMatch(/^\w{16,}$/);
    expect(r.body.content.data.expiresIn).toBe('7200');
  });

  it('refuses a signature made with the wrong secret', async () => {
    const r = await call('GET', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret }, { secret: 'not-the-secret' });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ success: false, Code: 'OPF-B001-05-16-0009', Message: 'SignatureDoesNotMatch' });
    expect(r.body._RequestId).toBeTruthy();
  });

  it('refuses a request whose parameters were changed after signing', async () => {
    const r = await call('GET', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret }, {
      tamper: (_h, p) => {
        p.appsecret = 'other';
      },
    });
    expect(r.body.Code).toBe('OPF-B001-05-16-0009');
  });

  it('refuses a POST whose form body was changed after signing', async () => {
    const t = await token();
    const code = gw.issueCode('zzd', '10001');
    const r = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t, auth_code: code }, {
      tamper: (_h, p) => {
        p.auth_code = gw.issueCode('zzd', '10002');
      },
    });
    expect(r.status).toBe(403);
    expect(r.body.Code).toBe('OPF-B001-05-16-0009');
  });

  it('refuses timestamps outside the ±15 minute window, and accepts them inside it', async () => {
    const params = { appkey: ZZD.appKey, appsecret: ZZD.appSecret };
    const old = await call('GET', '/gettoken.json', params, { now: clock.now() - 16 * 60 * 1000 });
    expect(old.status).toBe(403);
    expect(old.body).toMatchObject({ success: false, Code: 'InvalidTimestamp' });
    const future = await call('GET', '/gettoken.json', params, { now: clock.now() + 16 * 60 * 1000 });
    expect(future.body.Code).toBe('InvalidTimestamp');
    const skewed = await call('GET', '/gettoken.json', params, { now: clock.now() - 10 * 60 * 1000 });
    expect(skewed.body.success).toBe(true);
  });

  it('refuses a replayed nonce', async () => {
    const params = { appkey: ZZD.appKey, appsecret: ZZD.appSecret };
    const nonce = `${clock.now()}4242`;
    expect((await call('GET', '/gettoken.json', params, { nonce })).body.success).toBe(true);
    const replay = await call('GET', '/gettoken.json', params, { nonce });
    expect(replay.body).toMatchObject({ success: false, Code: 'NonceUsed' });
  });

  it('refuses missing signature headers and an unknown apiKey', async () => {
    const res = await fetch(`${gw.zzdUrl}/gettoken.json?appkey=${ZZD.appKey}&appsecret=${ZZD.appSecret}`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as Record<string, unknown>).Code).toBe('MissingHmacHeaders');
    const wrongKey = await call('GET', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret }, {
      tamper: (h) => {
        h.apiKey = 'someone-else';
      },
    });
    expect(wrongKey.body.Code).toBe('InvalidApiKey');
  });

  it('signs with the raw secret bytes (HmacSHA256 → Base64)', async () => {
    // Build the headers by hand, without the adapter's helper.
    const timestamp = cstTimestamp(clock.now());
    const nonce = `${clock.now()}0001`;
    const text = `GET\n${timestamp}\n${nonce}\n/gettoken.json\nappkey=${ZZD.appKey}&appsecret=${ZZD.appSecret}`;
    const signature = createHmac('sha256', ZZD.appSecret).update(text).digest('base64');
    const res = await fetch(`${gw.zzdUrl}/gettoken.json?appsecret=${ZZD.appSecret}&appkey=${ZZD.appKey}`, {
      headers: {
        'X-Hmac-Auth-Timestamp': timestamp,
        'X-Hmac-Auth-Version': '1.0',
        'X-Hmac-Auth-Nonce': nonce,
        apiKey: ZZD.appKey,
        'X-Hmac-Auth-Signature': signature,
      },
    });
    expect(((await res.json()) as { success: boolean }).success).toBe(true);
  });
});

describe('浙政钉 gateway fake: 免登 code exchange', () => {
  it('returns the user for a fresh code, then refuses the same code (single use) with 240111', async () => {
    const t = await token();
    const code = gw.issueCode('zzd', '10001');
    const first = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t, auth_code: code });
    expect(first.body.content.success).toBe(true);
    expect(first.body.content.data).toMatchObject({
      accountId: 10001,
      employeeCode: 'GE_clerk_1',
      lastName: USERS[0].name,
      nickNameCn: USERS[0].name,
      realmId: 196729,
      tenantId: 196729,
      clientId: ZZD.appKey,
    });
    const again = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t, auth_code: code });
    expect(again.body).toMatchObject({ success: true, content: { success: false, responseCode: '240111' } });
  });

  it('refuses an unknown code, an expired code and a DingTalk code', async () => {
    const t = await token();
    const unknown = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t, auth_code: 'nope' });
    expect(unknown.body.content.responseCode).toBe('240111');

    const expiring = gw.issueCode('zzd', '10002');
    clock.advance(5 * 60 * 1000 + 1);
    const t2 = await token();
    const expired = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t2, auth_code: expiring });
    expect(expired.body.content.responseCode).toBe('240111');

    const dingCode = gw.issueCode('dingtalk', '10002');
    const wrongPlatform = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t2, auth_code: dingCode });
    expect(wrongPlatform.body.content.responseCode).toBe('240111');
  });

  it('refuses a bad or expired access token with 240133 and keeps the code usable', async () => {
    const code = gw.issueCode('zzd', '10001');
    const bad = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: 'forged', auth_code: code });
    expect(bad.body.content).toMatchObject({ success: false, responseCode: '240133' });
    const t = await token();
    clock.advance(7200 * 1000 + 1);
    const stale = await call('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: t, auth_code: code });
    expect(stale.body.content.responseCode).toBe('240133');
    // a new token is issued after expiry, and the code (checked after the token) still works
    const fresh = await token();
    expect(fresh).not.toBe(t);
    clock.advance(-7200 * 1000 - 1);
  });

  it('returns the same token within its validity', async () => {
    expect(await token()).toBe(await token());
  });
});

describe('浙政钉 gateway fake: notifications and to-dos', () => {
  it('records a work notification per receiver and refuses a repeated bizMsgId', async () => {
    const msg = JSON.stringify({ msgtype: 'text', text: { content: '您有一件新的子任务：死亡医学证明核验' } });
    const params = { tenantId: ZZD.tenantId, receiverIds: '10001,10002', bizMsgId: 'notice-1', msg };
    const r = await call('POST', '/message/workNotification', params);
    expect(r.body.content.success).toBe(true);
    expect(r.body.content.data.msgId).toBeTruthy();
    expect(gw.notices('10001')).toHaveLength(1);
    expect(gw.notices('10002')[0]).toMatchObject({ platform: 'zzd', text: '您有一件新的子任务：死亡医学证明核验', bizMsgId: 'notice-1' });

    const again = await call('POST', '/message/workNotification', params);
    expect(again.body.content).toMatchObject({ success: false, responseCode: 'DuplicateBizMsgId' });
    expect(gw.notices('10001')).toHaveLength(1);
  });

  it('refuses a wrong tenant, no receivers, a msg over 2048 bytes and non-JSON msg', async () => {
    const msg = JSON.stringify({ msgtype: 'text', text: { content: 'x' } });
    const wrongTenant = await call('POST', '/message/workNotification', { tenantId: '1', receiverIds: '10001', msg });
    expect(wrongTenant.body.content.responseCode).toBe('InvalidTenantId');
    const none = await call('POST', '/message/workNotification', { tenantId: ZZD.tenantId, msg });
    expect(none.body.content.responseCode).toBe('MissingReceivers');
    const long = JSON.stringify({ msgtype: 'text', text: { content: '字'.repeat(700) } });
    const tooLong = await call('POST', '/message/workNotification', { tenantId: ZZD.tenantId, receiverIds: '10001', msg: long });
    expect(tooLong.body.content.responseCode).toBe('MsgTooLong');
    const bad = await call('POST', '/message/workNotification', { tenantId: ZZD.tenantId, receiverIds: '10001', msg: '{oops' });
    expect(bad.body.content.responseCode).toBe('InvalidMsg');
    expect(gw.notices('10001').filter((n) => n.text === 'x')).toHaveLength(0);
  });

  it('creates, finishes and cancels to-dos with state, refusing conflicting transitions', async () => {
    const base = { subject: '签收：户籍注销', creatorId: '10001', assigneeId: '10002', tenantId: ZZD.tenantId, url: 'http://app/t/1' };
    const created = await call('POST', '/tc/v2/openapi/task/create.json', { ...base, bizTaskId: 'todo-1' });
    const taskUuid = created.body.content.data.taskUuid as string;
    expect(taskUuid).toBeTruthy();
    expect(gw.todos('10002')).toEqual([expect.objectContaining({ id: taskUuid, state: 'open', subject: base.subject, bizTaskId: 'todo-1' })]);

    const repeated = await call('POST', '/tc/v2/openapi/task/create.json', { ...base, bizTaskId: 'todo-1' });
    expect(repeated.body.content.data.taskUuid).toBe(taskUuid);

    expect((await call('POST', '/tc/openapi/task/finish.json', { taskUuid, userId: '10002' })).body.content.success).toBe(true);
    expect(gw.todos('10002')[0].state).toBe('done');
    const cancelDone = await call('POST', '/tc/openapi/task/cancel.json', { taskUuid, userId: '10002' });
    expect(cancelDone.body.content).toMatchObject({ success: false, responseCode: 'TaskStateConflict' });

    const other = await call('POST', '/tc/v2/openapi/task/create.json', { ...base, bizTaskId: 'todo-2' });
    const otherUuid = other.body.content.data.taskUuid as string;
    expect((await call('POST', '/tc/openapi/task/cancel.json', { taskUuid: otherUuid })).body.content.success).toBe(true);
    expect(gw.todos('10002').find((t) => t.id === otherUuid)?.state).toBe('cancelled');

    const missing = await call('POST', '/tc/openapi/task/finish.json', { taskUuid: 'nope' });
    expect(missing.body.content.responseCode).toBe('TaskNotFound');
    const incomplete = await call('POST', '/tc/v2/openapi/task/create.json', { tenantId: ZZD.tenantId, bizTaskId: 'x' });
    expect(incomplete.body.content.responseCode).toBe('MissingParameter');
  });

  it('answers unknown paths and wrong methods with the gateway error shape', async () => {
    const r = await call('POST', '/nope.json', {});
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ success: false, Code: 'ApiNotFound' });
    const m = await call('POST', '/gettoken.json', { appkey: ZZD.appKey, appsecret: ZZD.appSecret });
    expect(m.status).toBe(405);
  });
});
