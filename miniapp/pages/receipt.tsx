import { Button } from '../components/Button';
import { Card, InfoRow } from '../components/Card';
import { formatDateTime } from '../lib/dates';
import type { Notice } from './types';

export interface Receipt {
  caseId: string;
  bundleName: string;
  acceptedAt: string;
  acceptingDistrict: string;
  acceptingDistrictName?: string;
  due: { date: string; provisional: boolean };
  items: { name: string; department: string; departmentName?: string; district: string; districtName?: string; limitDays: number }[];
}

/** 受理回执: printed for the applicant (print CSS hides everything else). */
export function ReceiptCard(props: { receipt: Receipt }) {
  const r = props.receipt;
  return (
    <div class="lb-receipt lb-print" data-testid="receipt">
      <Card title={r.bundleName + ' · 受理回执'}>
        <InfoRow label="办件编号">
          <strong data-testid="case-id">{r.caseId}</strong>
        </InfoRow>
        <InfoRow label="受理时间">{formatDateTime(r.acceptedAt, true)}</InfoRow>
        <InfoRow label="受理地">{r.acceptingDistrictName || r.acceptingDistrict}</InfoRow>
        <InfoRow label="承诺办结">{r.due.date + (r.due.provisional ? '（暂定）' : '')}</InfoRow>
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
                <td>{i.limitDays + ' 个工作日'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="lb-meta">时限按工作日计算，受理当日不计入，不含制证及邮寄时间。凭办件编号查询进度。</div>
      </Card>
    </div>
  );
}

/** 一次性告知: everything missing or wrong, told at once; printable for the applicant. */
export function NoticeCard(props: { notice: Notice }) {
  const n = props.notice;
  if (n.ok) {
    return (
      <div class="lb-banner lb-banner--ok" data-testid="notice" data-ok="true">
        预审通过：申请材料齐全、符合法定形式，可以受理。
      </div>
    );
  }
  return (
    <div class="lb-print" data-testid="notice" data-ok="false">
      <Card title={'一次性告知（' + n.issues.length + ' 项）'}>
        <ol class="lb-issues">
          {n.issues.map((i, k) => (
            <li key={k} data-testid="notice-issue" data-field={i.field || ''}>
              {i.message}
            </li>
          ))}
        </ol>
        <div class="lb-noprint">
          <Button size="small" testid="print-notice" onClick={() => window.print()}>
            打印告知书
          </Button>
        </div>
      </Card>
    </div>
  );
}
