/**
 * 单项验收意见 on the department's phone (sub-task action `recordOpinion`, signed at once with the chosen seal):
 * 合格, or 有问题 with a list of defects — each a description, the rule it breaks and photos taken or picked,
 * uploaded to the sub-task at once (the attachment picker). On a re-inspection the open defects of the last
 * opinion are listed: each 已整改 (closed) or 仍存在 (kept by its id). The page refuses what the server would:
 * 有问题 without a defect, a defect without its description or rule, photos still uploading. What was typed is
 * kept for the next opening of the same sub-task version (a refused or unreachable request loses nothing).
 */
import { useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { Field, Select, TextArea, TextInput } from '../../components/Form';
import { showModal } from '../../components/overlay';
import type { Platform } from '../../platform/types';
import { AttachmentPicker } from '../attachments';
import type { SubTaskDetail } from '../types';
import type { AcceptanceDefect, AcceptanceView } from './model';

type DefectSent = { id?: string; description: string; rule: string; photos?: string[] };

export interface OpinionCommand extends Record<string, unknown> {
  type: 'recordOpinion';
  sealId: string;
  result: 'pass' | 'defects';
  opinion?: string;
  defects?: DefectSent[];
}

interface NewDefect {
  key: number;
  description: string;
  rule: string;
  /** Uploaded while the sheet was last open (the picker starts empty when it opens again). */
  earlier: string[];
  photos: string[];
  unsettled: number;
}

interface Draft {
  sealId: string;
  result: '' | 'pass' | 'defects';
  opinion: string;
  /** Open defects of the last opinion: true = 仍存在 (kept). */
  kept: Record<string, boolean>;
  added: NewDefect[];
}

const drafts: Record<string, Draft> = {};
let nextKey = 1;

const blank = (s: string) => !s.replace(/\s/g, '');

function photosOf(x: NewDefect): string[] {
  return x.earlier.concat(x.photos.filter((p) => x.earlier.indexOf(p) < 0));
}

/** The problems of a draft (empty when it may be sent), by the place they are shown. */
function opinionProblems(d: Draft, open: AcceptanceDefect[]): Record<string, string> {
  const p: Record<string, string> = {};
  if (!d.sealId) p.sealId = '请选择签章印章';
  if (!d.result) p.result = '请选择验收结论';
  if (d.result === 'defects') {
    const kept = open.filter((x) => d.kept[x.id]).length;
    if (kept + d.added.length === 0) p.defects = open.length ? '所列问题均已整改时请选择「合格」；否则请保留或新增问题' : '有问题时请至少添加一项问题（问题描述和依据）';
    d.added.forEach((x, i) => {
      if (blank(x.description) || x.description.trim().length < 2) p['description.' + i] = '请填写问题描述';
      if (blank(x.rule) || x.rule.trim().length < 2) p['rule.' + i] = '请填写依据（违反的规定）';
      if (x.unsettled > 0) p['photos.' + i] = '照片尚未全部上传（上传中或失败）';
    });
  }
  return p;
}

function commandOf(d: Draft, open: AcceptanceDefect[]): OpinionCommand {
  const cmd: OpinionCommand = { type: 'recordOpinion', sealId: d.sealId, result: d.result as 'pass' | 'defects' };
  if (d.opinion.trim()) cmd.opinion = d.opinion.trim();
  if (d.result === 'defects') {
    cmd.defects = open
      .filter((x) => d.kept[x.id])
      .map((x): DefectSent => ({ id: x.id, description: x.description, rule: x.rule, ...(x.photos.length ? { photos: x.photos } : {}) }))
      .concat(d.added.map((x) => ({ description: x.description.trim(), rule: x.rule.trim(), ...(photosOf(x).length ? { photos: photosOf(x) } : {}) })));
  }
  return cmd;
}

interface SheetProps {
  api: ApiClient;
  platform: Platform;
  detail: SubTaskDetail;
  open: AcceptanceDefect[];
  round: number;
  /** On a re-inspection: the enterprise's rectification report as the window recorded it. */
  report: string | null;
  draft: Draft;
  onDone: (cmd: OpinionCommand | null) => void;
}

function OpinionSheet(props: SheetProps) {
  const st = props.detail.subTask;
  const [d, setD] = useState<Draft>(props.draft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const seals = props.detail.seals || [];
  const key = draftKey(props.detail);
  const change = (f: (old: Draft) => Draft) =>
    setD((old) => {
      const next = f(old);
      drafts[key] = next;
      return next;
    });
  const update = (part: Partial<Draft>) => change((old) => ({ ...old, ...part }));
  // a problem shown goes once what it asked for is done (the list's problem once a defect is added or kept)
  const settle = (key: string) => setErrors((old) => (old[key] ? { ...old, [key]: '' } : old));
  const setAdded = (k: number, part: Partial<NewDefect>) => change((old) => ({ ...old, added: old.added.map((x) => (x.key === k ? { ...x, ...part } : x)) }));
  const submit = () => {
    const p = opinionProblems(d, props.open);
    setErrors(p);
    if (Object.keys(p).length) return;
    props.onDone(commandOf(d, props.open));
  };
  const uploadPath = '/api/subtasks/' + encodeURIComponent(st.caseId) + '/' + encodeURIComponent(st.itemId) + '/attachments';
  return (
    <div class="lb-mask lb-mask--sheet" data-testid="opinion-sheet">
      <div class="lb-sheet" role="dialog" aria-modal="true" aria-label="单项验收意见">
        <div class="lb-sheet__head">
          <button type="button" class="lb-sheet__link" data-testid="sheet-cancel" onClick={() => props.onDone(null)}>
            取消
          </button>
          <span class="lb-sheet__title">{props.round > 1 ? '复验意见' : '单项验收意见'}</span>
          <button type="button" class="lb-sheet__link lb-sheet__link--primary" data-testid="sheet-ok" onClick={submit}>
            签章提交
          </button>
        </div>
        <div class="lb-sheet__list lb-sheet__form">
          <div class="lb-sheet__intro">{(props.round > 1 ? '第 ' + props.round + ' 轮复验' : '现场查验') + '：' + st.itemName + '。提交即以所选印章签章，不能撤回。'}</div>
          {props.report ? (
            <div class="lb-acc-report" data-testid="rectification-report">
              <div class="lb-acc-edit__label">企业整改报告</div>
              <div class="lb-acc-text">{props.report}</div>
            </div>
          ) : null}
          <Field label="签章印章" required error={errors.sealId}>
            <Select name="sealId" value={d.sealId} options={seals.map((s) => ({ value: s.id, label: s.name }))} testid="opinion-seal" onChange={(v) => { settle('sealId'); update({ sealId: v }); }} />
          </Field>
          <div class="lb-sheet__group">验收结论</div>
          <div class="lb-acc-choice" data-testid="opinion-result">
            <button type="button" class={'lb-acc-choice__btn' + (d.result === 'pass' ? ' lb-acc-choice__btn--on lb-acc-choice__btn--pass' : '')} data-testid="result-pass" onClick={() => { settle('result'); update({ result: 'pass' }); }}>
              合格
            </button>
            <span class="lb-files__sep" />
            <button type="button" class={'lb-acc-choice__btn' + (d.result === 'defects' ? ' lb-acc-choice__btn--on lb-acc-choice__btn--defects' : '')} data-testid="result-defects" onClick={() => { settle('result'); update({ result: 'defects' }); }}>
              有问题
            </button>
          </div>
          {errors.result ? <div class="lb-field__msg" role="alert" data-testid="result-error">{errors.result}</div> : null}
          {d.result === 'pass' && props.open.length ? <div class="lb-meta">{'合格即关闭上轮提出的 ' + props.open.length + ' 项问题'}</div> : null}
          {d.result === 'defects' ? (
            <div data-testid="defect-editor">
              {props.open.length ? <div class="lb-sheet__group">上轮问题复验</div> : null}
              {props.open.map((x) => (
                <div key={x.id} class="lb-acc-edit" data-testid="kept-defect" data-id={x.id}>
                  <div class="lb-acc-defect__head">
                    <span class="lb-acc-defect__id">{x.id}</span>
                  </div>
                  <div class="lb-acc-text">{x.description}</div>
                  <div class="lb-meta">{'依据：' + x.rule}</div>
                  <div class="lb-acc-choice lb-acc-choice--small">
                    <button type="button" class={'lb-acc-choice__btn' + (!d.kept[x.id] ? ' lb-acc-choice__btn--on lb-acc-choice__btn--pass' : '')} data-testid={'close-' + x.id} onClick={() => change((old) => ({ ...old, kept: { ...old.kept, [x.id]: false } }))}>
                      已整改
                    </button>
                    <span class="lb-files__sep" />
                    <button type="button" class={'lb-acc-choice__btn' + (d.kept[x.id] ? ' lb-acc-choice__btn--on lb-acc-choice__btn--defects' : '')} data-testid={'keep-' + x.id} onClick={() => { settle('defects'); change((old) => ({ ...old, kept: { ...old.kept, [x.id]: true } })); }}>
                      仍存在
                    </button>
                  </div>
                </div>
              ))}
              <div class="lb-sheet__group">{props.open.length ? '新发现的问题' : '发现的问题'}</div>
              {d.added.map((x, i) => (
                <div key={x.key} class="lb-acc-edit" data-testid="new-defect">
                  <div class="lb-acc-defect__head">
                    <span class="lb-acc-defect__id">{'问题 ' + (i + 1)}</span>
                    <button type="button" class="lb-sheet__link" data-testid="remove-defect" onClick={() => change((old) => ({ ...old, added: old.added.filter((y) => y.key !== x.key) }))}>
                      删除
                    </button>
                  </div>
                  <Field label="问题描述" required error={errors['description.' + i]}>
                    <TextArea value={x.description} maxLength={500} rows={2} testid="defect-description" onChange={(v) => setAdded(x.key, { description: v })} />
                  </Field>
                  <Field label="依据（违反的规定）" required error={errors['rule.' + i]} hint="如：GB 50016-2014 第 5.5.17 条">
                    <TextInput value={x.rule} maxLength={200} testid="defect-rule" onChange={(v) => setAdded(x.key, { rule: v })} />
                  </Field>
                  <div class="lb-acc-edit__label">现场照片</div>
                  <AttachmentPicker
                    api={props.api}
                    platform={props.platform}
                    uploadPath={uploadPath}
                    testid={'defect-photos-' + i}
                    note="拍照或选图后即上传到本子任务"
                    onChange={(up, unsettled) => setAdded(x.key, { photos: up.map((u) => u.sha256), unsettled })}
                  />
                  {x.earlier.length ? <div class="lb-meta">{'此前已上传 ' + x.earlier.length + ' 张照片，一并提交'}</div> : null}
                  {errors['photos.' + i] ? <div class="lb-field__msg" role="alert">{errors['photos.' + i]}</div> : null}
                </div>
              ))}
              {errors.defects ? <div class="lb-field__msg" role="alert" data-testid="defects-error">{errors.defects}</div> : null}
              <button type="button" class="lb-acc-add" data-testid="add-defect" onClick={() => { settle('defects'); change((old) => ({ ...old, added: old.added.concat([{ key: nextKey++, description: '', rule: '', earlier: [], photos: [], unsettled: 0 }]) })); }}>
                + 添加问题
              </button>
            </div>
          ) : null}
          <Field label={d.result === 'defects' ? '整改要求（选填）' : '验收意见（选填）'}>
            <TextArea value={d.opinion} maxLength={1000} rows={2} testid="opinion-text" onChange={(v) => update({ opinion: v })} />
          </Field>
        </div>
      </div>
    </div>
  );
}

function draftKey(detail: SubTaskDetail): string {
  return detail.subTask.caseId + '/' + detail.subTask.itemId + '@' + detail.subTask.version;
}

/**
 * Asks for the opinion: reads the department's part of the acceptance (its open defects, its round) first;
 * resolves with the command, or null when cancelled.
 */
export async function askOpinion(api: ApiClient, platform: Platform, detail: SubTaskDetail): Promise<OpinionCommand | null> {
  const st = detail.subTask;
  let open: AcceptanceDefect[] = [];
  let round = 1;
  let report: string | null = null;
  try {
    const v = (await api.get<{ acceptance: AcceptanceView }>('/api/cases/' + encodeURIComponent(st.caseId) + '/acceptance')).acceptance;
    const mine = v.departments.filter((d) => d.itemId === st.itemId)[0];
    const latest = v.rectifications[v.rectifications.length - 1];
    if (latest) report = latest.report;
    if (mine) {
      round = mine.opinions.length + 1;
      const last = mine.opinions[mine.opinions.length - 1];
      open = last && last.result === 'defects' ? last.defects.filter((x) => x.state !== 'closed') : [];
    }
  } catch {
    // without the read model the sheet still records a first opinion; the server checks the round
  }
  const key = draftKey(detail);
  const kept: Record<string, boolean> = {};
  open.forEach((x) => (kept[x.id] = true));
  // a draft of an earlier version of this sub-task was sent (the version moved on): forgotten
  Object.keys(drafts).forEach((k) => k !== key && k.indexOf(st.caseId + '/' + st.itemId + '@') === 0 && delete drafts[k]);
  const before = drafts[key];
  const draft: Draft = before
    ? { ...before, added: before.added.map((x) => ({ ...x, earlier: photosOf(x), photos: [], unsettled: 0 })) }
    : { sealId: (detail.seals || []).length === 1 ? (detail.seals || [])[0].id : '', result: '', opinion: '', kept, added: [] };
  drafts[key] = draft;
  const shown = round > 1 ? report : null;
  return showModal<OpinionCommand | null>((done) => (
    <OpinionSheet api={api} platform={platform} detail={detail} open={open} round={round} report={shown} draft={draft} onDone={done} />
  ));
}
