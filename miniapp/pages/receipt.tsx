import type { ComponentChildren } from 'preact';
import { generate } from 'lean-qr/nano';
import { toSvgPath } from 'lean-qr/extras/svg';
import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Segments } from '../components/Segments';
import { formatDateTime, shanghaiToday } from '../lib/dates';
import { departmentOf, districtOf } from '../session';
import type { Notice } from './types';

export interface Receipt {
  caseId: string;
  bundleName: string;
  acceptedAt: string;
  acceptingDistrict: string;
  acceptingDistrictName?: string;
  /** The accepting window's department by name (older servers: absent, the clerk's own is shown). */
  issuer?: string;
  clerk?: string;
  applicants?: string[];
  due: { date: string; provisional: boolean };
  items: { name: string; department: string; departmentName?: string; district: string; districtName?: string; limitDays: number }[];
  /** 受理点: the window that accepted (district hall, town centre, village point). */
  servicePoint?: { name: string; level: string };
  /** 帮办代办: the agent, masked, and the line printed ("代办人：王** · 亲属 · 身份证 3302**********0011"). */
  agent?: { name: string; relationLabel: string; idNumber: string | null; text: string } | null;
  /** 办件进度查询: the public page's link, relative to this origin, the token in its fragment (older servers: absent). */
  progress?: { url: string };
}

/** What the document is printed on: A4 at a desk printer, or a 80 / 58 mm thermal receipt printer at the window. */
type Paper = 'a4' | '80' | '58';
const PAPERS = [
  { key: 'a4', label: 'A4 纸' },
  { key: '80', label: '80 毫米小票' },
  { key: '58', label: '58 毫米小票' },
];
const PAGE_RULES: Record<Paper, string> = {
  a4: '@page { size: A4; margin: 18mm 16mm; }',
  '80': '@page { size: 80mm auto; margin: 3mm 4mm; }',
  '58': '@page { size: 58mm auto; margin: 2mm 3mm; }',
};

/** The paper choice above a document (not printed); it also sets the printer page size. */
function PaperChoice(props: { paper: Paper; onChange: (p: Paper) => void }) {
  return (
    <div class="lb-noprint" data-testid="paper-choice">
      <Segments items={PAPERS} value={props.paper} onChange={(k) => props.onChange(k as Paper)} />
      <style>{'@media print { ' + PAGE_RULES[props.paper] + ' }'}</style>
    </div>
  );
}

/** "yinzhou-20261207-0001" read aloud: 鄞州区 2026年12月7日受理 第 1 号 (the number itself stays as issued). */
function readableCaseNumber(caseId: string, district: string): string {
  const m = /^[a-z]+-(\d{4})(\d{2})(\d{2})-(\d+)$/.exec(caseId);
  if (!m) return '';
  return district + ' ' + m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日受理 第 ' + Number(m[4]) + ' 号';
}

function DocRow(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div class="lb-doc__row" data-testid={props.testid}>
      <span class="lb-doc__label">{props.label}</span>
      <span class="lb-doc__value">{props.children}</span>
    </div>
  );
}

/** The progress page's address as the applicant's phone opens it: this origin, the path and the token in its fragment. */
function progressHref(url: string): string {
  return new URL(url, window.location.origin).href;
}

/** The progress page's QR code (lean-qr, drawn as SVG: sharp on A4 and on thermal paper) and its link written out. */
function ProgressQr(props: { url: string }) {
  const href = progressHref(props.url);
  const code = generate(href);
  const n = code.size;
  return (
    <div class="lb-doc__qr" data-testid="receipt-qr" data-url={href}>
      <svg class="lb-qr" style={{ border: 'none', display: 'block' }} viewBox={'-4 -4 ' + (n + 8) + ' ' + (n + 8)} role="img" aria-label="办件进度查询二维码" shape-rendering="crispEdges">
        <rect x={-4} y={-4} width={n + 8} height={n + 8} fill="#fff" />
        <path d={toSvgPath(code)} fill="#000" />
      </svg>
      <div class="lb-doc__qrtext">
        <div>手机扫码（微信、浏览器均可），查看办理进度；办结后可在此评价。</div>
        <div class="lb-doc__meta" style={{ wordBreak: 'break-all' }} data-testid="receipt-progress-link">{href}</div>
      </div>
    </div>
  );
}

/** Before the server gave a link (older servers): the square where the code goes. */
function QrPlaceholder(props: { caption: string }) {
  return (
    <div class="lb-doc__qr" data-testid="receipt-qr">
      <div class="lb-qr" role="img" aria-label="二维码">二维码</div>
      <div class="lb-doc__qrtext">{props.caption}</div>
    </div>
  );
}

/** 受理回执: a document the applicant takes home — A4 or a thermal receipt (print CSS hides everything else). */
export function ReceiptCard(props: { receipt: Receipt }) {
  const { staff } = useApp();
  const [paper, setPaper] = useState<Paper>('a4');
  const r = props.receipt;
  const district = r.acceptingDistrictName || r.acceptingDistrict;
  const issuer = r.issuer || departmentOf(staff);
  const narrow = paper !== 'a4';
  return (
    <div>
      <PaperChoice paper={paper} onChange={setPaper} />
      <div class={'lb-doc lb-print lb-doc--' + paper} data-testid="receipt" data-paper={paper}>
        <div class="lb-doc__issuer" data-testid="receipt-issuer">{issuer}</div>
        <div class="lb-doc__title">受理回执</div>
        <div class="lb-doc__sub">{r.bundleName}</div>
        <div class="lb-doc__no">
          <span class="lb-doc__label">办件编号</span>
          <strong data-testid="case-id">{r.caseId}</strong>
          <div class="lb-doc__read" data-testid="case-number-read">{readableCaseNumber(r.caseId, district)}</div>
        </div>
        <DocRow label="申请人" testid="receipt-applicants">
          {r.applicants && r.applicants.length ? r.applicants.map((a) => <div key={a}>{a}</div>) : '—'}
        </DocRow>
        <DocRow label="受理时间">{formatDateTime(r.acceptedAt, true)}</DocRow>
        <DocRow label="受理地">{district}</DocRow>
        {r.servicePoint ? <DocRow label="受理点" testid="receipt-service-point">{r.servicePoint.name}</DocRow> : null}
        {r.agent ? (
          <DocRow label="代办人" testid="receipt-agent">
            <div>{r.agent.name + ' · ' + r.agent.relationLabel}</div>
            {r.agent.idNumber ? (
              narrow ? (
                <div>
                  <div>身份证</div>
                  <div class="lb-nowrap">{r.agent.idNumber}</div>
                </div>
              ) : (
                <div class="lb-nowrap">{'身份证 ' + r.agent.idNumber}</div>
              )
            ) : null}
          </DocRow>
        ) : null}
        <DocRow label="承诺办结">{r.due.date + (r.due.provisional ? '（暂定）' : '')}</DocRow>
        <DocRow label="受理人" testid="receipt-clerk">{r.clerk || staff.name}</DocRow>
        {narrow ? (
          <ol class="lb-doc__items">
            {r.items.map((i) => (
              <li key={i.name} data-testid="receipt-item">
                <div>{i.name}</div>
                <div class="lb-doc__meta">{(i.departmentName || i.department) + ' · ' + i.limitDays + ' 个工作日'}</div>
              </li>
            ))}
          </ol>
        ) : (
          <table class="lb-table">
            <thead>
              <tr>
                <th>事项</th>
                <th>承办部门</th>
                <th>时限</th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((i) => (
                <tr key={i.name} data-testid="receipt-item">
                  <td>{i.name}</td>
                  <td>{i.departmentName || i.department}</td>
                  <td class="lb-nowrap">{i.limitDays + ' 个工作日'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div class="lb-doc__note">时限按工作日计算，受理当日不计入，不含制证及邮寄时间。凭办件编号或扫码查询办理进度。</div>
        {r.progress ? <ProgressQr url={r.progress.url} /> : <QrPlaceholder caption="扫码查看办理进度" />}
        <div class="lb-doc__seal">
          <div>{issuer}（盖章）</div>
          <div>{formatDateTime(r.acceptedAt, true).slice(0, 10)}</div>
        </div>
      </div>
    </div>
  );
}

/** 一次性告知: everything missing or wrong, told at once; a 一次性告知书 the applicant can take home. */
export function NoticeCard(props: { notice: Notice }) {
  const { staff } = useApp();
  const [paper, setPaper] = useState<Paper>('a4');
  const n = props.notice;
  if (n.ok) {
    return (
      <div class="lb-banner lb-banner--ok" data-testid="notice" data-ok="true">
        预审通过：申请材料齐全、符合法定形式，可以受理。
      </div>
    );
  }
  const issuer = departmentOf(staff);
  const day = n.checkedAt ? formatDateTime(n.checkedAt, true).slice(0, 10) : shanghaiToday(Date.now());
  return (
    <div>
      <PaperChoice paper={paper} onChange={setPaper} />
      <div class={'lb-doc lb-print lb-doc--' + paper} data-testid="notice" data-ok="false" data-paper={paper}>
        <div class="lb-doc__issuer">{issuer}</div>
        <div class="lb-doc__title">一次性告知书</div>
        <div class="lb-doc__sub">{'申请材料尚需补正（' + n.issues.length + ' 项）'}</div>
        <div class="lb-doc__note">经预审，您的申请还需补正以下内容，补齐后即可受理：</div>
        <ol class="lb-issues">
          {n.issues.map((i, k) => (
            <li key={k} data-testid="notice-issue" data-field={i.field || ''}>
              {i.message}
            </li>
          ))}
        </ol>
        <DocRow label="告知人">{staff.name}</DocRow>
        <DocRow label="受理地">{districtOf(staff) || '—'}</DocRow>
        <div class="lb-doc__seal">
          <div>{issuer}（盖章）</div>
          <div>{day}</div>
        </div>
        <div class="lb-noprint">
          <Button size="small" testid="print-notice" onClick={() => window.print()}>
            打印告知书
          </Button>
        </div>
      </div>
    </div>
  );
}
