/**
 * The printable documents of a joint acceptance (A4, print CSS as the receipt's: only the document is printed):
 * the 一次性整改告知书 (every open defect of every department, numbered, with the department's name, the rule and
 * the photos) and the 联合验收意见书 (referencing every department's signed single-item opinion).
 */
import type { ComponentChildren } from 'preact';
import { Button } from '../../components/Button';
import { formatDateTime } from '../../lib/dates';
import { type AcceptanceDepartment, type AcceptanceNotice, type AcceptanceView, DefectPhotos, latestOpinion, photoItem, RESULT_WORDS, shortName } from './model';

export interface CaseFacts {
  caseId: string;
  bundleName: string;
  /** The enterprise and the project as the application names them (a department sub-task's form). */
  enterprise: string;
  project: string;
  location: string;
  acceptingName: string;
}

function Row(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div class="lb-doc__row" data-testid={props.testid}>
      <span class="lb-doc__label">{props.label}</span>
      <span class="lb-doc__value">{props.children}</span>
    </div>
  );
}

const day = (iso: string) => formatDateTime(iso, true).slice(0, 10);

/** The first 16 hex digits of a signed opinion's digest, read aloud in groups of four (A1B2 C3D4 …). */
function digestText(digest: string): string {
  const head = digest.slice(0, 16).toUpperCase();
  return [head.slice(0, 4), head.slice(4, 8), head.slice(8, 12), head.slice(12, 16)].join(' ');
}

function PrintBar(props: { testid: string; label: string; onBack: () => void }) {
  return (
    <div class="lb-noprint lb-acc-printbar">
      <Button size="small" testid="doc-back" onClick={props.onBack}>
        返回联合验收
      </Button>
      <span class="lb-files__sep" />
      <Button size="small" kind="primary" testid={props.testid} onClick={() => window.print()}>
        {props.label}
      </Button>
    </div>
  );
}

/** 一次性整改告知书: one notice listing every open defect of every department, numbered. */
export function NoticeDocument(props: { facts: CaseFacts; view: AcceptanceView; notice: AcceptanceNotice; issuerName: string | null; onBack: () => void }) {
  const { facts, notice: n, view } = props;
  const departments: string[] = [];
  n.defects.forEach((d) => {
    const name = d.departmentName || '';
    if (departments.indexOf(name) < 0) departments.push(name);
  });
  return (
    <div>
      <PrintBar testid="print-notice" label="打印整改通知书" onBack={props.onBack} />
      <div class="lb-doc lb-print lb-doc--a4 lb-acc-doc" data-testid="rectification-notice" data-number={n.number}>
        <style>{'@media print { @page { size: A4; margin: 18mm 16mm; } }'}</style>
        <div class="lb-doc__issuer">{facts.acceptingName}</div>
        <div class="lb-doc__title">竣工联合验收整改通知书</div>
        <div class="lb-doc__sub">（一次性告知）</div>
        <Row label="通知编号" testid="notice-number">{n.number}</Row>
        <Row label="办件编号">{facts.caseId}</Row>
        <Row label="建设单位">{facts.enterprise || '—'}</Row>
        <Row label="建设项目">{facts.project || '—'}</Row>
        <Row label="发出日期">{day(n.issuedAt)}</Row>
        <div class="lb-doc__note lb-acc-doc__lead">
          {'经' + departments.join('、') + '联合现场查验，贵单位的建设项目存在以下 ' + n.defects.length + ' 项问题，现一次性告知。请逐项整改，整改完成后向竣工联合验收专窗提交整改报告，由提出问题的部门复验。整改期间不计入联合验收时限。'}
        </div>
        <ol class="lb-acc-doc__list">
          {n.defects.map((d) => (
            <li key={d.id + (d.itemId || d.departmentName || '')} data-testid="notice-defect" data-id={d.id}>
              <div class="lb-acc-doc__dept">{(d.departmentName || '') + (d.itemName ? '（' + shortName(d.itemName) + '）' : '')}</div>
              <div>{d.description}</div>
              <div class="lb-doc__meta">{'依据：' + d.rule}</div>
              {d.photos.length ? <DefectPhotos caseId={facts.caseId} itemId={photoItem(view, d, '')} photos={d.photos} /> : null}
            </li>
          ))}
        </ol>
        {props.issuerName ? <Row label="告知人">{props.issuerName}</Row> : null}
        <div class="lb-doc__seal">
          <div>{facts.acceptingName + '（盖章）'}</div>
          <div>{day(n.issuedAt)}</div>
        </div>
      </div>
    </div>
  );
}

function passingOpinion(d: AcceptanceDepartment) {
  const last = latestOpinion(d);
  return last && last.result === 'pass' ? last : null;
}

/** 联合验收意见书: the 审管办's joint opinion, referencing every department's signed opinion (round, signer, seal). */
export function JointOpinionDocument(props: { facts: CaseFacts; view: AcceptanceView; onBack: () => void }) {
  const { facts, view } = props;
  const j = view.jointOpinion || null;
  const values = (j && j.material) || {};
  const refs = (j && j.references) || [];
  const ref = (itemId: string) => refs.filter((r) => r.itemId === itemId)[0];
  return (
    <div>
      <PrintBar testid="print-opinion" label="打印意见书" onBack={props.onBack} />
      <div class="lb-doc lb-print lb-doc--a4 lb-acc-doc" data-testid="joint-opinion" data-issued={j ? 'true' : 'false'}>
        <style>{'@media print { @page { size: A4; margin: 18mm 16mm; } }'}</style>
        <div class="lb-doc__issuer">{facts.acceptingName}</div>
        <div class="lb-doc__title">联合验收意见书</div>
        {!j ? <div class="lb-doc__sub lb-acc-draft">（尚未出具，以下为各部门意见汇总）</div> : null}
        {values.opinionNumber ? <Row label="意见书编号" testid="opinion-number">{String(values.opinionNumber)}</Row> : null}
        <Row label="办件编号">{facts.caseId}</Row>
        <Row label="建设单位">{values.enterpriseName ? String(values.enterpriseName) : facts.enterprise || '—'}</Row>
        <Row label="建设项目">{values.projectName ? String(values.projectName) + (values.projectCode ? '（项目代码 ' + String(values.projectCode) + '）' : '') : facts.project || '—'}</Row>
        {facts.location ? <Row label="建设地点">{facts.location}</Row> : null}
        <div class="lb-doc__note lb-acc-doc__lead">{'经' + view.departments.map((d) => d.departmentName).join('、') + '联合现场查验，各部门单项验收意见如下：'}</div>
        <table class="lb-table lb-acc-doc__table">
          <thead>
            <tr>
              <th>部门及事项</th>
              <th>结论</th>
              <th>签章</th>
            </tr>
          </thead>
          <tbody>
            {view.departments.map((d) => {
              const o = passingOpinion(d);
              const r = ref(d.itemId);
              return (
                <tr key={d.itemId} data-testid="opinion-ref" data-item={d.itemId}>
                  <td>
                    <div>{d.departmentName}</div>
                    <div class="lb-doc__meta">{shortName(d.itemName)}</div>
                  </td>
                  <td class="lb-nowrap">{o ? RESULT_WORDS.pass + (o.round > 1 ? '（复验）' : '') : '—'}</td>
                  <td>
                    {o ? (
                      <div>
                        <div>{(o.sealName || '') + ' · ' + (o.signedByName || o.signedBy)}</div>
                        <div class="lb-doc__meta">{'第 ' + o.round + ' 轮 · ' + day(o.at)}</div>
                        {(r && r.digest) || o.digest ? <div class="lb-doc__meta lb-acc-digest">{'签章摘要 ' + digestText(String((r && r.digest) || o.digest))}</div> : null}
                      </div>
                    ) : (
                      '尚未出具合格意见'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Row label="联合验收结论" testid="joint-conclusion">{j ? '通过联合验收' : '待审管办统一确认'}</Row>
        {j ? <Row label="确认人">{j.signedByName || j.signedBy}</Row> : null}
        <div class="lb-doc__seal">
          <div>{facts.acceptingName + '（盖章）'}</div>
          <div>{j && j.at ? day(j.at) : ''}</div>
        </div>
      </div>
    </div>
  );
}
