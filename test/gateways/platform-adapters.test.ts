// functions/platform adapters against the gateway fakes over HTTP: code exchange, token caching and
// renewal, notices and to-dos visible in the local inbox, and failure mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateways } from '../../scripts/gateways/index';
import { DingTalkClient } from '../../functions/platform/dingtalk';
import { platformsFromEnv } from '../../functions/platform/index';
import { MAX_MSG_BYTES } from '../../functions/platform/messages';
import { PlatformError } from '../../functions/platform/types';
import { ZzdClient } from '../../functions/platform/zzd';
import { DING, TestClock, USERS, ZZD, startTestGateways } from './support';

const clock = new TestClock();
let gw: Gateways;

beforeAll(async () => {
  gw = await startTestGateways(clock);
});
afterAll(async () => {
  await gw.stop();
});

const zzdClient = (over: Partial<ConstructorParameters<typeof ZzdClient>[0]> = {}) =>
  new ZzdClient({ baseUrl: gw.zzdUrl, ...ZZD, deepLinks: false, clock, ...over });
const dingClient = (over: Partial<ConstructorParameters<typeof DingTalkClient>[0]> = {}) =>
  new DingTalkClient({ baseUrl: gw.dingtalkUrl, ...DING, deepLinks: false, clock, ...over });

const count = (platform: 'zzd' | 'dingtalk', path: string) => gw.requests().filter((r) => r.platform === platform && r.path === path).length;

async function inbox(accountId: string): Promise<{ notices: Array<Record<string, any>>; todos: Array<Record<string, any>> }> {
  const res = await fetch(`${gw.url}/__local/inbox?accountId=${encodeURIComponent(accountId)}`);
  return (await res.json()) as { notices: Array<Record<string, any>>; todos: Array<Record<string, any>> };
}

async function rejection(p: Promise<unknown>): Promise<PlatformError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('ZzdClient (浙政钉)', () => {
  it('exchanges a code for the user and refuses it the second time', async () => {
    const zzd = zzdClient();
    const code = gw.issueCode('zzd', '10001');
    expect(await zzd.exchange(code)).toEqual({
      platform: 'zzd',
      accountId: '10001',
      name: USERS[0].name,
      employeeCode: 'GE_clerk_1',
      tenantId: ZZD.tenantId,
    });
    const err = await rejection(zzd.exchange(code));
    expect(err).toMatchObject({ kind: 'INVALID_CODE', platform: 'zzd', platformCode: '240111' });
  });

  it('caches the app token (one gettoken for many calls, also concurrent) and renews it before expiry', async () => {
    const zzd = zzdClient();
    const before = count('zzd', '/gettoken.json');
    await Promise.all(['10001', '10002', 'admin-x'].map((id) => zzd.exchange(gw.issueCode('zzd', id))));
    await zzd.exchange(gw.issueCode('zzd', '10002'));
    expect(count('zzd', '/gettoken.json') - before).toBe(1);

    clock.advance(7200 * 1000 - 4 * 60 * 1000); // inside the 5-minute safety margin
    await zzd.exchange(gw.issueCode('zzd', '10001'));
    expect(count('zzd', '/gettoken.json') - before).toBe(2);
  });

  it('drops a token the gateway no longer accepts (240133) and retries once with a new one', async () => {
    const zzd = zzdClient();
    await zzd.exchange(gw.issueCode('zzd', '10001'));
    gw.revokeTokens('zzd');
    const before = gw.requests().length;
    const user = await zzd.exchange(gw.issueCode('zzd', '10002'));
    expect(user.accountId).toBe('10002');
    const calls = gw.requests().slice(before).map((r) => `${r.path} ${r.result}`);
    expect(calls).toEqual(['/rpc/oauth2/dingtalk_app_user.json 240133', '/gettoken.json ok', '/rpc/oauth2/dingtalk_app_user.json ok']);
  });

  it('maps a wrong secret to AUTH_FAILED (signature refused) and an unreachable gateway to UNAVAILABLE', async () => {
    const wrong = await rejection(zzdClient({ appSecret: 'wrong' }).exchange('x'));
    expect(wrong).toMatchObject({ kind: 'AUTH_FAILED', platformCode: 'OPF-B001-05-16-0009' });
    const down = await rejection(zzdClient({ baseUrl: 'http://127.0.0.1:9/zzd', timeoutMs: 2000 }).exchange('x'));
    expect(down.kind).toBe('UNAVAILABLE');
  });

  it('sends a work notice that shows up in the inbox; a repeated notice id is reported as duplicate', async () => {
    const zzd = zzdClient();
    const notice = { id: 'effect-41', recipients: ['10002'], title: '新的子任务', text: '请签收：死亡医学证明核验', url: 'http://127.0.0.1:8080/#/tasks/41' };
    expect(await zzd.sendWorkNotice(notice)).toEqual({ duplicate: false });
    expect(await zzd.sendWorkNotice(notice)).toEqual({ duplicate: true });
    const got = (await inbox('10002')).notices.filter((n) => n.bizMsgId === 'effect-41');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ title: '新的子任务', text: '请签收：死亡医学证明核验', url: notice.url });
  });

  it('wraps links as taurus:// deep links on the real platform and keeps long texts within 2048 bytes', async () => {
    const zzd = zzdClient({ deepLinks: true });
    await zzd.sendWorkNotice({ id: 'effect-42', recipients: ['10001'], title: '催办', text: '办'.repeat(1500), url: 'https://x.gov.cn/#/t/1' });
    const n = (await inbox('10001')).notices.find((x) => x.bizMsgId === 'effect-42');
    expect(n?.url).toBe(`taurus://taurusclient/page/link?url=${encodeURIComponent('https://x.gov.cn/#/t/1')}&pc_slide=true`);
    expect(Buffer.byteLength(JSON.stringify(n?.msg), 'utf8')).toBeLessThanOrEqual(MAX_MSG_BYTES);
    expect(String(n?.text).endsWith('…')).toBe(true);
  });

  it('creates, finishes and cancels to-dos; the inbox shows their state', async () => {
    const zzd = zzdClient();
    const ref = await zzd.createTodo({ id: 'st-7:claim', assignee: '10002', creator: '10001', subject: '签收：户籍注销', url: 'http://app/#/t/7' });
    expect(ref.assignee).toBe('10002');
    expect((await inbox('10002')).todos.find((t) => t.id === ref.platformId)).toMatchObject({ state: 'open', subject: '签收：户籍注销', mobileUrl: 'http://app/#/t/7' });
    // a repeated create (at-least-once delivery) gives the same to-do
    expect((await zzd.createTodo({ id: 'st-7:claim', assignee: '10002', creator: '10001', subject: '签收：户籍注销', url: 'http://app/#/t/7' })).platformId).toBe(ref.platformId);
    await zzd.finishTodo(ref);
    await zzd.finishTodo(ref); // idempotent
    expect((await inbox('10002')).todos.find((t) => t.id === ref.platformId)?.state).toBe('done');
    const conflict = await rejection(zzd.cancelTodo(ref));
    expect(conflict.kind).toBe('REJECTED');

    const other = await zzd.createTodo({ id: 'st-8:claim', assignee: '10002', creator: '10001', subject: '签收：社保减员', url: 'http://app/#/t/8' });
    await zzd.cancelTodo(other, '10001');
    expect((await inbox('10002')).todos.find((t) => t.id === other.platformId)?.state).toBe('cancelled');
  });
});

describe('DingTalkClient', () => {
  it('exchanges a code once, and caches the token', async () => {
    const ding = dingClient();
    const before = count('dingtalk', '/gettoken');
    const code = gw.issueCode('dingtalk', '10001');
    expect(await ding.exchange(code)).toMatchObject({ platform: 'dingtalk', accountId: 'ding-clerk-1', name: USERS[0].name });
    expect(await rejection(ding.exchange(code))).toMatchObject({ kind: 'INVALID_CODE', platformCode: '40078' });
    await ding.exchange(gw.issueCode('dingtalk', '10002'));
    expect(count('dingtalk', '/gettoken') - before).toBe(1);
  });

  it('retries once with a fresh token after 40014 and reports a wrong secret as AUTH_FAILED', async () => {
    const frozen = { now: () => Date.UTC(2025, 2, 3, 2, 0, 0) };
    const ding = dingClient({ clock: frozen });
    await ding.exchange(gw.issueCode('dingtalk', '10001'));
    clock.advance(7200 * 1000 + 1000); // the fake expires the token; the adapter's clock says it is fresh
    expect((await ding.exchange(gw.issueCode('dingtalk', '10002'))).accountId).toBe('ding-handler-1');
    expect(await rejection(dingClient({ appSecret: 'wrong' }).exchange('x'))).toMatchObject({ kind: 'AUTH_FAILED', platformCode: '40089' });
  });

  it('sends work notices and runs the to-do round trip through the To-Do API', async () => {
    const ding = dingClient();
    await ding.sendWorkNotice({ id: 'e-1', recipients: ['ding-handler-1'], title: '退回补正', text: '请补充火化证明原件' });
    expect((await inbox('10002')).notices.some((n) => n.platform === 'dingtalk' && String(n.text).includes('请补充火化证明原件'))).toBe(true);

    const ref = await ding.createTodo({ id: 'st-9:claim', assignee: 'ding-handler-1', creator: 'ding-clerk-1', subject: '签收：不动产登记', url: 'http://app/#/t/9' });
    expect((await inbox('10002')).todos.find((t) => t.id === ref.platformId)).toMatchObject({ platform: 'dingtalk', state: 'open' });
    await ding.finishTodo(ref);
    expect((await inbox('10002')).todos.find((t) => t.id === ref.platformId)?.state).toBe('done');
    await ding.cancelTodo(ref);
    await ding.cancelTodo(ref); // idempotent
    expect((await inbox('10002')).todos.find((t) => t.id === ref.platformId)?.state).toBe('cancelled');
    expect(await rejection(ding.createTodo({ id: 'x', assignee: 'nobody', creator: 'ding-clerk-1', subject: 's', url: 'u' }))).toMatchObject({
      kind: 'REJECTED',
      platformCode: '60121',
    });
  });
});

describe('platformsFromEnv', () => {
  it('enables a platform only when its app key is set and insists on the rest of its configuration', () => {
    expect(platformsFromEnv({})).toEqual({});
    const p = platformsFromEnv({ ZZD_APP_KEY: 'k', ZZD_APP_SECRET: 's', ZZD_TENANT_ID: '1', ZZD_BASE_URL: gw.zzdUrl });
    expect(p.zzd).toBeInstanceOf(ZzdClient);
    expect(p.dingtalk).toBeUndefined();
    expect(() => platformsFromEnv({ DINGTALK_APP_KEY: 'k' })).toThrow(/DINGTALK_APP_SECRET, DINGTALK_AGENT_ID missing/);
  });
});
