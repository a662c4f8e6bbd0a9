/**
 * 81812345 热线工单 in Chromium at 375 px (and the desk once at 1280 px) against the whole local stack: an operator
 * of 鄞州's 公共事务受理中心 answers a consult on the spot from the knowledge base; transfers a 突发停水 to the
 * water company, whose handler 签收 and 退单 with a reason; the operator 改派 to 住建, whose handler 签收 and 答复;
 * the operator 回访 满意 → 已办结. A 稍后回拨 shows in 待回拨. An order marked 热点事件 is offered to the next call
 * of the same item and town, which is merged with 「并入此事件」; a 三方通话 is recorded on it. No page shows a
 * caller's phone number in clear.
 * Screenshots in test-artifacts/screenshots (hotline-*). Skipped, saying so, only when /usr/bin/chromium is missing.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { login, shot } from './support/ui';

const OPERATOR = 'yinzhou-hotlineCenter-operator1';
const WATER = 'yinzhou-waterSupply';
const HOUSING = 'yinzhou-housing';
const SUPERVISOR = 'yinzhou-serviceCenter-supervisor1';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };
/** Every caller's number of this suite: none may show on any page. */
const PHONES = ['13857471234', '13957472345', '13757473456', '15857474567', '18957475678'];

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;

const tid = (id: string): Locator => page.getByTestId(id);

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page } = await startBrowserWorld());
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

/** A screenshot, after checking that no caller's number (nor its last eight digits) is on the page. */
async function snap(name: string): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  for (const p of PHONES) expect(text, name).not.toContain(p.slice(3));
  await shot(page, name);
}

interface Call {
  phone: string;
  search: string;
  item: string;
  town?: string;
  content: string;
}

/** Fills the desk's form up to the way to finish. */
async function fillCall(c: Call): Promise<void> {
  await tid('page-hotline-desk').waitFor();
  await tid('hl-phone').fill(c.phone);
  await tid('hl-name').fill('王先生');
  await tid('hl-item-search').fill(c.search);
  await tid('hl-hit-' + c.item).click();
  await tid('hl-item-chosen').waitFor();
  if (c.town) await tid('hl-town').selectOption({ label: c.town });
  await tid('hl-address').fill('走马塘村 12 号');
  await tid('hl-content').fill(c.content);
}

/** 登记工单 → the order id the desk shows. */
async function submit(): Promise<string> {
  const before = (await tid('hl-recorded').count()) ? await tid('hl-recorded').getAttribute('data-order') : null;
  await tid('hl-submit').click();
  await page.locator('[data-testid="hl-recorded"], [data-testid="hl-error"]').first().waitFor();
  if (await tid('hl-error').count()) throw new Error('登记 refused: ' + (await tid('hl-error').innerText()));
  await page.waitForFunction((b) => {
    const el = document.querySelector('[data-testid="hl-recorded"]');
    return !!el && el.getAttribute('data-order') !== b;
  }, before);
  const id = (await tid('hl-recorded').getAttribute('data-order')) as string;
  expect(await tid('hl-phone').inputValue()).toBe('');
  return id;
}

/** The row of `orderId` in the list shown, tapping 刷新 until it is there (lists are written by the order's drain). */
async function rowOf(orderId: string, timeoutMs = 60_000): Promise<Locator> {
  const row = tid('row-' + orderId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.locator('[data-testid="hotline-list"][data-loading="false"]').waitFor();
    if (await row.count()) return row;
    if (Date.now() > deadline) throw new Error(`${orderId} not in the list: ${await tid('hotline-list').innerText()}`);
    await page.waitForTimeout(500);
    await tid('refresh').click();
  }
}

async function openOrder(orderId: string): Promise<void> {
  await page.goto(base + '/#/hotline/orders/' + orderId);
  await page.locator(`[data-testid="page-hotline-order"]`).waitFor();
}

async function orderState(state: string): Promise<void> {
  await page.locator(`[data-testid="page-hotline-order"][data-state="${state}"]`).waitFor();
}

/** Fills the action sheet and confirms it. */
async function sheet(values: Record<string, string>, select: Record<string, string> = {}, name?: string): Promise<void> {
  const s = tid('form-sheet');
  await s.waitFor();
  for (const [k, v] of Object.entries(select)) await s.getByTestId('field-' + k).selectOption(v);
  for (const [k, v] of Object.entries(values)) await s.getByTestId('field-' + k).fill(v);
  if (name) await snap(name);
  await s.getByTestId('sheet-ok').click();
  await s.waitFor({ state: 'detached' });
}

/** The department handler opens 热线 → 待签收 (or 办理中) and the order. */
async function handlerOpens(staffId: string, orderId: string, name?: string): Promise<void> {
  await login(page, base, staffId);
  await tid('tab-hotline/work').click();
  await tid('page-hotline-work').waitFor();
  const row = await rowOf(orderId);
  if (name) await snap(name);
  await row.click();
  await tid('page-hotline-order').waitFor();
}

/** The operator opens a queue of the desk and the order in it. */
async function operatorOpens(queue: string, orderId: string, name?: string): Promise<void> {
  await login(page, base, OPERATOR);
  await tid('page-hotline-desk').waitFor();
  await tid('seg-' + queue).click();
  const row = await rowOf(orderId);
  if (name) await snap(name);
  await row.click();
  await tid('page-hotline-order').waitFor();
}

/** `YYYY-MM-DDTHH:mm` in Shanghai, `hours` from now (a datetime-local value). */
function shanghaiLocal(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

// Known, as in the admin suites: about once in a full parallel run a page opened right after a login never renders
// within 90 s; a step is retried once meanwhile.
describe.skipIf(CHROMIUM_MISSING)('81812345 热线工单 at 375 px', { retry: 1 }, () => {
  it('an operator lands on the desk and answers a consult on the spot from the knowledge base', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, OPERATOR);
    await tid('page-hotline-desk').waitFor();
    await snap('hotline-desk-empty');
    await fillCall({ phone: PHONES[0], search: '停水', item: 'plannedwatercut', content: '想问一下下周小区有没有计划停水' });
    await expect(tid('hl-item-chosen').innerText()).resolves.toContain('计划停水查询');
    await expect(tid('hl-item-chosen').innerText()).resolves.toContain('咨询');
    await tid('hl-use-knowledge').click();
    await expect(tid('hl-answer-text').inputValue()).resolves.toContain('宁波水务');
    await tid('hl-answer-level').selectOption('satisfied');
    await snap('hotline-desk-answer');
    const id = await submit();
    await expect(tid('hl-recorded').innerText()).resolves.toContain('已办结');
    await snap('hotline-desk-recorded');
    await tid('hl-recorded-link').click();
    await orderState('closed');
    await expect(tid('hl-outcome').innerText()).resolves.toContain('直接答复');
    await expect(tid('hl-answer').innerText()).resolves.toContain('采用知识库答复');
    await expect(tid('hl-caller').innerText()).resolves.toMatch(/\d{3}\*{4}\d{4}/);
    expect(await tid('hl-actions').count()).toBe(0);
    await snap('hotline-order-answered');
    expect(id).toMatch(/^wo-\d{8}-\d{4,6}$/);
  }, 240_000);

  it('a transferred order is returned by the water company, re-assigned to 住建, replied and closed after 回访', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, OPERATOR);
    await fillCall({ phone: PHONES[1], search: '停水', item: 'wateroutage', town: '姜山镇', content: '走马塘村从昨天晚上开始停水，一直没有来水' });
    await tid('hl-way-transfer').click();
    await tid('hl-dept-0').getByText('自来水').waitFor();
    await snap('hotline-desk-transfer');
    const id = await submit();

    // the water company's handler signs for it, then returns it: not theirs
    await handlerOpens(`${WATER}-handler1`, id, 'hotline-work-incoming');
    await expect(tid('hl-place').innerText()).resolves.toContain('姜山镇');
    await expect(tid('hl-place').innerText()).resolves.not.toContain('便民服务中心');
    await snap('hotline-order-incoming');
    await tid('hl-act-accept-a1').click();
    await sheet({});
    await page.locator('[data-testid="hl-asg-a1"][data-state="accepted"]').waitFor();
    await tid('hl-act-return-a1').click();
    await sheet({ reason: '走马塘村为村自建供水站，不属自来水公司管网，请转住建部门' }, { category: 'notOurDuty' }, 'hotline-sheet-return');
    await page.locator('[data-testid="hl-asg-a1"][data-state="returned"]').waitFor();
    await snap('hotline-order-returned');

    // the operator re-assigns it from 退单待改派
    await operatorOpens('returned', id, 'hotline-desk-returned-queue');
    await expect(tid('hl-asg-returned').innerText()).resolves.toContain('村自建供水站');
    await tid('hl-act-reassign-a1').click();
    await sheet({ note: '村级供水站' }, { department: HOUSING }, 'hotline-sheet-reassign');
    await page.locator('[data-testid="hl-asg-a2"][data-state="dispatched"]').waitFor();
    await snap('hotline-order-reassigned');

    // 住建's handler signs and replies
    await handlerOpens(`${HOUSING}-handler1`, id);
    await tid('hl-act-accept-a2').click();
    await sheet({});
    await page.locator('[data-testid="hl-asg-a2"][data-state="accepted"]').waitFor();
    await tid('hl-act-reply-a2').click();
    await sheet({ text: '已联系村供水站抢修水泵，今日 18 时前恢复供水' });
    await orderState('visit');
    await snap('hotline-order-replied');

    // the operator calls the caller back: 满意 → 已办结
    await operatorOpens('visit', id);
    await tid('hl-act-visit').click();
    await sheet({ comment: '已恢复供水' }, { reached: 'yes', level: 'satisfied' }, 'hotline-sheet-visit');
    await orderState('closed');
    await expect(tid('hl-visit').innerText()).resolves.toContain('满意');
    await expect(tid('hl-state').innerText()).resolves.toBe('已办结');
    await snap('hotline-order-closed');
  }, 400_000);

  it('a 稍后回拨 shows in the operators\' 待回拨', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, OPERATOR);
    await fillCall({ phone: PHONES[2], search: '水费', item: 'waterbill', content: '这个月水费比平时多了三倍，需要查一下' });
    await tid('hl-way-callback').click();
    await tid('hl-callback-at').fill(shanghaiLocal(2));
    await tid('hl-callback-note').fill('查询抄表记录后回复');
    const id = await submit();
    await expect(tid('hl-recorded').innerText()).resolves.toContain('待回拨');
    await tid('seg-callback').click();
    await (await rowOf(id)).waitFor();
    await expect(tid('row-' + id).innerText()).resolves.toContain('回拨');
    await snap('hotline-desk-callback-queue');
  }, 240_000);

  it('an order marked 热点事件 is offered to the next call of the item and town, which is merged into it', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, OPERATOR);
    await fillCall({ phone: PHONES[3], search: '停水', item: 'wateroutage', town: '姜山镇', content: '姜山镇镇区大面积停水，小区几栋楼都没水' });
    await tid('hl-way-transfer').click();
    await tid('hl-dept-0').waitFor();
    const parent = await submit();
    await tid('hl-recorded-link').click();
    await tid('hl-act-markEvent').click();
    await sheet({ title: '姜山镇镇区停水' });
    await tid('hl-event').waitFor();
    // a 三方通话 with the water company is recorded on the order, by the department's name
    await tid('hl-act-recordCall').click();
    await sheet({ summary: '自来水公司：姜山水厂出水管爆裂，预计 16 时恢复' }, { department: WATER });
    await expect(tid('hl-call').innerText()).resolves.toContain('宁波市鄞州区自来水有限公司');
    await snap('hotline-order-event');

    // the next call: same item, same town — the desk offers the event (at 1280 px: form left, queues right)
    await page.setViewportSize(DESKTOP);
    await page.goto(base + '/#/hotline');
    await fillCall({ phone: PHONES[4], search: '停水', item: 'wateroutage', town: '姜山镇', content: '我家也停水了，什么时候来水' });
    const merge = tid('hl-merge-' + parent);
    for (let i = 0; i < 40 && !(await merge.count()); i++) {
      // the event reaches the match list with the order's drain: type on until it is offered
      await page.waitForTimeout(1000);
      await tid('hl-content').press('End');
      await tid('hl-content').pressSequentially('。');
    }
    await merge.waitFor();
    await expect(tid('hl-matches').innerText()).resolves.toContain('姜山镇镇区停水');
    await tid('seg-events').click();
    await (await rowOf(parent)).waitFor();
    await snap('hotline-desk-desktop');
    await merge.click();
    await tid('hl-merge-parent').waitFor();
    const child = await submit();
    await expect(tid('hl-recorded').innerText()).resolves.toContain('已并单');
    await page.setViewportSize(PHONE);
    await openOrder(child);
    await orderState('merged');
    await expect(tid('hl-parent').innerText()).resolves.toContain('姜山镇镇区停水');
    await snap('hotline-order-merged');
  }, 400_000);

  it('the supervisor reaches 热线督办 from 督办', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, SUPERVISOR);
    await page.goto(base + '/#/supervise');
    await tid('hotline-supervise-entry').click();
    await tid('page-hotline-supervise').waitFor();
    await page.locator('[data-testid="hotline-list"][data-loading="false"]').waitFor();
    await snap('hotline-supervise');
  }, 180_000);
});
