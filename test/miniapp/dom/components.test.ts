// @vitest-environment happy-dom
/** Shared components in a DOM: list states, form checks, dialogs, pickers, badges, action bar. */
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionBar } from '../../../miniapp/components/ActionBar';
import { DeadlineBadge } from '../../../miniapp/components/DeadlineBadge';
import { showConfirm } from '../../../miniapp/components/Dialog';
import { DateInput, IdNumberField } from '../../../miniapp/components/Form';
import { List } from '../../../miniapp/components/List';
import { showPicker } from '../../../miniapp/components/Picker';
import { StateTag } from '../../../miniapp/components/Tag';
import { Timeline } from '../../../miniapp/components/Timeline';
import { showToast } from '../../../miniapp/components/Toast';
import type { DateCheck } from '../../../miniapp/lib/dates';
import { idProblemMessages } from '../../../functions/core/idNumber';
import { blur, byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('List', () => {
  it('shows loading, then an error with 重试, then empty, then items', async () => {
    const answers: Array<() => Promise<string[]>> = [
      () => Promise.reject(new Error('网络连接失败，请检查网络后重试')),
      () => Promise.resolve([]),
      () => Promise.resolve(['a', 'b']),
    ];
    let calls = 0;
    const load = () => answers[calls++]();
    let bump: () => void = () => undefined;
    function Host() {
      const [n, setN] = useState(0);
      bump = () => setN(n + 1);
      return h(List<string>, { load, deps: [n], keyOf: (s) => s, renderItem: (s) => h('b', null, s), emptyText: '暂无待办' });
    }
    mount(h(Host, null));
    expect(byTestId('loading')).not.toBeNull();
    const error = await waitForTestId('error');
    expect(error.textContent).toContain('网络连接失败');
    click(byTestId('retry') as HTMLElement);
    const empty = await waitForTestId('empty');
    expect(empty.textContent).toBe('暂无待办');
    bump();
    await waitFor(() => document.querySelectorAll('[data-testid="list-item"]').length === 2, 'two items');
    expect(calls).toBe(3);
  });
});

describe('IdNumberField', () => {
  it('shows the GB 11643 reason after blur, and reports the check on every change', async () => {
    const checks: boolean[] = [];
    function Host() {
      const [v, setV] = useState('');
      return h(IdNumberField, { value: v, onChange: setV, today: '2025-06-01', required: true, onCheck: (c) => checks.push(c.ok) });
    }
    mount(h(Host, null));
    const input = byTestId('id-number') as HTMLInputElement;
    type(input, '110105194912310021');
    await waitFor(() => input.value === '110105194912310021', 'value');
    expect(byTestId('field-error')).toBeNull(); // not before blur
    blur(input);
    const error = await waitForTestId('field-error');
    expect(error.textContent).toBe(idProblemMessages.CHECK_DIGIT);
    type(input, '11010519491231002x');
    await waitFor(() => byTestId('field-error') === null, 'error cleared');
    expect(input.value).toBe('11010519491231002X');
    expect(checks).toEqual([false, true]);
  });
});

describe('DateInput', () => {
  it('reports dates after the limit', () => {
    const seen: DateCheck[] = [];
    mount(h(DateInput, { value: '', onChange: () => undefined, notAfter: '2025-06-01', onCheck: (c) => seen.push(c), testid: 'date' }));
    type(byTestId('date') as HTMLElement, '2025-06-02');
    expect(seen).toEqual([{ ok: false, reason: '日期不能晚于 2025-06-01' }]);
  });
});

describe('dialogs', () => {
  it('confirm resolves by the button pressed and leaves no trace', async () => {
    const answer = showConfirm('退回补正', '确定退回？', '退回', '取消');
    const dialog = await waitForTestId('confirm-dialog');
    expect(dialog.textContent).toContain('确定退回？');
    click(byTestId('confirm-ok') as HTMLElement);
    await expect(answer).resolves.toBe(true);
    expect(byTestId('confirm-dialog')).toBeNull();
    const again = showConfirm('退回补正', '确定退回？');
    click(await waitForTestId('confirm-cancel'));
    await expect(again).resolves.toBe(false);
  });

  it('toast shows its kind and goes away', async () => {
    const done = showToast('已签收', 'success', 20);
    const toast = await waitForTestId('toast');
    expect(toast.getAttribute('data-kind')).toBe('success');
    expect(toast.textContent).toContain('已签收');
    await done;
    expect(byTestId('toast')).toBeNull();
  });

  it('multi-picker filters, caps at max and returns the picked ids', async () => {
    const items = [
      { id: 'a', title: '甲', subtitle: '民政局' },
      { id: 'b', title: '乙', subtitle: '人社局' },
      { id: 'c', title: '丙', subtitle: '医保局' },
    ];
    const answer = showPicker('会签人', items, true, 2);
    await waitForTestId('picker');
    expect((byTestId('picker-ok') as HTMLButtonElement).disabled).toBe(true);
    click(byTestId('picker-item-a') as HTMLElement);
    await waitFor(() => byTestId('picker-item-a')?.getAttribute('aria-pressed') === 'true', 'a picked');
    click(byTestId('picker-item-b') as HTMLElement);
    await waitFor(() => byTestId('picker-item-b')?.getAttribute('aria-pressed') === 'true', 'b picked');
    click(byTestId('picker-item-c') as HTMLElement); // over the cap: ignored
    type(byTestId('picker-search') as HTMLElement, '医保');
    await waitFor(() => byTestId('picker-item-a') === null, 'filtered');
    expect(byTestId('picker-item-c')?.getAttribute('aria-pressed')).toBe('false');
    click(byTestId('picker-ok') as HTMLElement);
    await expect(answer).resolves.toEqual(['a', 'b']);
  });
});

describe('badges, timeline, action bar', () => {
  it('colours deadlines and states', () => {
    mount(h('div', null, h(DeadlineBadge, { level: 'overdue', remainingWorkingDays: -3, dueDate: '2025-05-20' }), h(StateTag, { state: 'ready' }), h(StateTag, { state: 'mystery' })));
    const badge = byTestId('deadline') as HTMLElement;
    expect(badge.textContent).toBe('超期 3 个工作日');
    expect(badge.className).toContain('lb-tag--red');
    const tags = document.querySelectorAll('[data-testid="state-tag"]');
    expect([tags[0].textContent, tags[0].className.includes('lb-tag--orange')]).toEqual(['待签收', true]);
    expect(tags[1].textContent).toBe('mystery');
  });

  it('timeline lists records with actor, verb, Shanghai time and remark', () => {
    mount(h(Timeline, { entries: [{ id: '1', title: '退回补正', actor: '林民警', time: '2025-05-31T16:05:00Z', remark: '缺少死亡医学证明', tone: 'orange' }] }));
    const entry = byTestId('timeline-entry') as HTMLElement;
    expect(entry.textContent).toContain('林民警退回补正');
    expect(entry.textContent).toContain('06-01 00:05');
    expect(entry.textContent).toContain('缺少死亡医学证明');
  });

  it('action bar runs the pressed action and blocks while loading', () => {
    const pressed: string[] = [];
    mount(
      h(ActionBar, {
        actions: [
          { label: '退回', onClick: () => pressed.push('退回'), testid: 'act-return' },
          { label: '办结', kind: 'primary', onClick: () => pressed.push('办结'), loading: true, testid: 'act-done' },
        ],
      }),
    );
    click(byTestId('act-return') as HTMLElement);
    click(byTestId('act-done') as HTMLElement);
    expect(pressed).toEqual(['退回']);
    expect(byTestId('act-done')?.textContent).toBe('处理中…');
  });
});
