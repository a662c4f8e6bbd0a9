/**
 * The service's Notifier over the real 浙政钉 / DingTalk adapters against the local gateway fakes:
 * recipients resolved to platform accounts, idempotency keys from the effect id (bizMsgId) and the
 * to-do id (bizTaskId / sourceId), so a repeated delivery sends nothing twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Staff } from '../../functions/core/directory';
import { createPlatformNotifier, decodeTodoRef, NotifierConfigError } from '../../functions/effects/notifier';
import { platformsFromEnv } from '../../functions/platform/index';
import type { NoticeDelivery, TodoDelivery } from '../../functions/service/types';
import { startGateways, type Gateways } from '../../scripts/gateways/index';

const ZZD = { appKey: 'fx-zzd-key', appSecret: 'fx-zzd-secret', tenantId: '196729' };
const DING = { appKey: 'fx-ding-key', appSecret: 'fx-ding-secret', agentId: '3001' };

const staff = (id: string, zzd: string, ding: string): Staff => ({
  id, name: id, district: '330212', department: 'yinzhou-police', roles: ['handler'], zzdAccountId: zzd, dingtalkUserId: ding,
});
const HANDLER = staff('handler-1', '20001', 'ding-20001');
const SIGNER = staff('signer-1', '20002', 'ding-20002');
const DING_ONLY = staff('ding-only', '', 'ding-20003');
const NOBODY = staff('nobody', '', '');

let gw: Gateways;
let logs: string[] = [];
const APP = 'https://lianban.example.gov.cn';

function env(platforms: 'both' | 'zzd' | 'dingtalk'): Record<string, string> {
  const e: Record<string, string> = { LIANBAN_MODE: 'local' };
  if (platforms !== 'dingtalk') Object.assign(e, { ZZD_BASE_URL: gw.zzdUrl, ZZD_APP_KEY: ZZD.appKey, ZZD_APP_SECRET: ZZD.appSecret, ZZD_TENANT_ID: ZZD.tenantId });
  if (platforms !== 'zzd') {
    Object.assign(e, {
      DINGTALK_BASE_URL: gw.dingtalkUrl, DINGTALK_API_BASE_URL: gw.dingtalkUrl, DINGTALK_APP_KEY: DING.appKey,
      DINGTALK_APP_SECRET: DING.appSecret, DINGTALK_AGENT_ID: DING.agentId,
    });
  }
  return e;
}

const notifierFor = (platforms: 'both' | 'zzd' | 'dingtalk', appUrl: string | null = APP) =>
  createPlatformNotifier({ platforms: platformsFromEnv(env(platforms)), appUrl, log: (l) => logs.push(l) });

const notice = (id: string, recipients: Staff[], itemId: string | null = 'hukou'): NoticeDelivery => ({
  id, caseId: 'C-NOTE-1', itemId, template: 'subTaskReady', title: '出生一件事·户口登记', text: `办件 C-NOTE-1：${id}`, recipients,
});

const todo = (todoId: string, assignee: Staff): TodoDelivery => ({
  id: `${todoId}/createTodo/1`, todoId, caseId: 'C-NOTE-1', itemId: 'hukou', title: '出生一件事·户口登记', dueDate: '2025-03-10', assignee,
});

beforeAll(async () => {
  gw = await startGateways({
    port: 0, zzd: ZZD, dingtalk: DING,
    users: [HANDLER, SIGNER, DING_ONLY].map((s) => ({ accountId: s.zzdAccountId || `acct-${s.id}`, dingUserId: s.dingtalkUserId, name: s.name })),
  });
});
afterAll(async () => gw?.stop());
beforeEach(() => {
  logs = [];
});

describe('work notices', () => {
  it('go through 浙政钉 with the effect id as bizMsgId; a repeated delivery sends nothing', async () => {
    const n = notifierFor('both');
    await n.sendNotice(notice('C-NOTE-1/hukou@2/notify/1', [HANDLER, SIGNER]));
    await n.sendNotice(notice('C-NOTE-1/hukou@2/notify/1', [HANDLER, SIGNER]));
    const sent = gw.notices().filter((x) => x.bizMsgId === 'C-NOTE-1/hukou@2/notify/1');
    expect(sent.map((x) => x.accountId).sort()).toEqual(['20001', '20002']);
    expect(sent.every((x) => x.platform === 'zzd')).toBe(true);
    expect(sent[0].title).toBe('出生一件事·户口登记');
    // Local mode: a plain link to the sub-task page.
    expect(sent[0].url).toBe(`${APP}/#/subtasks/C-NOTE-1/hukou`);
  });

  it('a case-level notice links the case page', async () => {
    await notifierFor('zzd').sendNotice(notice('C-NOTE-1@9/notify/1', [HANDLER], null));
    expect(gw.notices('20001').find((x) => x.bizMsgId === 'C-NOTE-1@9/notify/1')?.url).toBe(`${APP}/#/cases/C-NOTE-1`);
  });

  it('reach a person without a 浙政钉 account through DingTalk, and skip (and log) one reachable nowhere', async () => {
    const before = gw.notices().length;
    await notifierFor('both').sendNotice(notice('C-NOTE-1/hukou@3/notify/1', [DING_ONLY, NOBODY]));
    const sent = gw.notices().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ platform: 'dingtalk', accountId: 'acct-ding-only' });
    expect(logs.join('\n')).toMatch(/nobody has no account/);
  });

  it('through DingTalk only: a repeated delivery of the same notice is dropped by DingTalk', async () => {
    const n = notifierFor('dingtalk');
    const before = gw.notices().length;
    await n.sendNotice(notice('C-NOTE-1/hukou@4/notify/1', [HANDLER]));
    await n.sendNotice(notice('C-NOTE-1/hukou@4/notify/1', [HANDLER]));
    const sent = gw.notices().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].platform).toBe('dingtalk');
  });

  it('nobody reachable sends nothing; a refused request is thrown (the effect stays pending)', async () => {
    const requests = gw.requests().length;
    await notifierFor('zzd').sendNotice(notice('C-NOTE-1/hukou@5/notify/1', [NOBODY]));
    expect(gw.requests().length).toBe(requests);
    const wrongSecret = createPlatformNotifier({ platforms: platformsFromEnv({ ...env('zzd'), ZZD_APP_SECRET: 'wrong' }), appUrl: APP, log: () => {} });
    await expect(wrongSecret.sendNotice(notice('C-NOTE-1/hukou@6/notify/1', [HANDLER]))).rejects.toThrow();
    expect(gw.notices().some((x) => x.bizMsgId === 'C-NOTE-1/hukou@6/notify/1')).toBe(false);
  });
});

describe('to-dos', () => {
  it('are created once per to-do id and finished on the platform that holds them', async () => {
    const n = notifierFor('both');
    const first = await n.createTodo(todo('C-NOTE-1/hukou#3', HANDLER));
    const again = await n.createTodo(todo('C-NOTE-1/hukou#3', HANDLER));
    expect(again.platformId).toBe(first.platformId);
    expect(decodeTodoRef(first.platformId)?.platform).toBe('zzd');
    const mine = gw.todos('20001').filter((t) => t.bizTaskId === 'C-NOTE-1/hukou#3');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'open', url: `${APP}/#/subtasks/C-NOTE-1/hukou` });
    expect(mine[0].subject).toContain('2025-03-10');

    const finish = { id: 'C-NOTE-1/hukou@5/finishTodo/1', todoId: 'C-NOTE-1/hukou#3', caseId: 'C-NOTE-1', itemId: 'hukou', assignee: HANDLER, platformId: first.platformId };
    await n.finishTodo(finish);
    await n.finishTodo(finish); // finishing a finished to-do succeeds
    expect(gw.todos('20001').find((t) => t.bizTaskId === 'C-NOTE-1/hukou#3')?.state).toBe('done');
  });

  it('DingTalk to-dos: same idempotency through sourceId', async () => {
    const n = notifierFor('dingtalk');
    const first = await n.createTodo(todo('C-NOTE-1/yibao#2', SIGNER));
    const again = await n.createTodo(todo('C-NOTE-1/yibao#2', SIGNER));
    expect(again.platformId).toBe(first.platformId);
    expect(decodeTodoRef(first.platformId)?.platform).toBe('dingtalk');
    expect(gw.todos('20002').filter((t) => t.bizTaskId === 'C-NOTE-1/yibao#2')).toHaveLength(1);
    await n.finishTodo({ id: 'f', todoId: 'C-NOTE-1/yibao#2', caseId: 'C-NOTE-1', itemId: 'yibao', assignee: SIGNER, platformId: first.platformId });
    expect(gw.todos('20002').find((t) => t.bizTaskId === 'C-NOTE-1/yibao#2')?.state).toBe('done');
  });

  it('finishing a to-do that was never created does nothing; bad references and missing links are refused', async () => {
    const n = notifierFor('zzd');
    const requests = gw.requests().length;
    await n.finishTodo({ id: 'f', todoId: 'C-NOTE-1/x#1', caseId: 'C-NOTE-1', itemId: 'x', assignee: HANDLER, platformId: null });
    expect(gw.requests().length).toBe(requests);
    expect(logs.join('\n')).toMatch(/never created/);
    await expect(n.finishTodo({ id: 'f', todoId: 't', caseId: 'C-NOTE-1', itemId: 'x', assignee: HANDLER, platformId: 'garbage' })).rejects.toBeInstanceOf(NotifierConfigError);
    await expect(n.finishTodo({ id: 'f', todoId: 't', caseId: 'C-NOTE-1', itemId: 'x', assignee: HANDLER, platformId: 'dingtalk:abc' })).rejects.toThrow(/not configured/);
    await expect(n.createTodo(todo('C-NOTE-1/x#2', NOBODY))).rejects.toThrow(/no account/);
    await expect(notifierFor('zzd', null).createTodo(todo('C-NOTE-1/x#3', HANDLER))).rejects.toThrow(/LIANBAN_APP_URL/);
    expect(gw.todos().some((t) => t.bizTaskId === 'C-NOTE-1/x#2' || t.bizTaskId === 'C-NOTE-1/x#3')).toBe(false);
  });
});
