/**
 * 竣工联合验收 in the pages: the read model's shape (GET /api/cases/:caseId/acceptance), what the window may do
 * now (derived from it; the server decides), and small parts shared by the page and the printable documents —
 * the defects' photos (thumbnails of files on the department's sub-task) and the result words.
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { showImagePreview } from '../../components/ImagePreview';

export interface AcceptanceDefect {
  id: string;
  description: string;
  rule: string;
  photos: string[];
  state?: 'open' | 'closed';
  /** In a notice: the department it belongs to. */
  itemId?: string;
  itemName?: string;
  departmentName?: string;
}

export interface AcceptanceOpinion {
  round: number;
  result: 'pass' | 'defects';
  opinion: string | null;
  defects: AcceptanceDefect[];
  signedBy: string;
  signedByName?: string;
  sealName?: string;
  at: string;
  digest?: string | null;
  keyId?: string | null;
}

export interface AcceptanceDepartment {
  itemId: string;
  itemName: string;
  departmentName: string;
  state: string;
  stateLabel?: string;
  siteVisitConfirmed?: boolean;
  opinions: AcceptanceOpinion[];
}

export interface AcceptanceNotice {
  number: string;
  round?: number;
  issuedAt: string;
  issuedBy?: string;
  issuedByName?: string;
  defects: AcceptanceDefect[];
}

interface AcceptanceRectification {
  round?: number;
  at: string;
  by?: string;
  byName?: string;
  report: string;
  attachments: string[];
}

export interface SiteVisitView {
  date: string;
  time: string;
  place: string;
  note: string | null;
  scheduledBy: string;
  scheduledByName?: string;
  confirmations: { itemId: string; departmentName: string; by: string; byName?: string; at: string }[];
}

/** GET /api/cases/:caseId/acceptance → {acceptance} (core acceptanceView.ts). */
export interface AcceptanceView {
  caseId: string;
  /** The case's version: the window's commands send it as expectedVersion. */
  version: number;
  state: string;
  siteVisit: SiteVisitView | null;
  rounds?: number;
  departments: AcceptanceDepartment[];
  notices: AcceptanceNotice[];
  rectifications: AcceptanceRectification[];
  jointOpinion?: JointOpinionView | null;
  promise: { date: string; provisional: boolean; days: number; pausedDays: number; paused: boolean };
  /** What the window can do now (Chinese); null for a department's staff. */
  next: string | null;
}

interface JointOpinionView {
  itemId: string;
  signedBy: string;
  signedByName: string;
  at: string;
  /** The 联合验收意见书 as signed (opinionNumber, enterpriseName, projectName, projectCode, conclusion, issuedOn). */
  material: Record<string, string | number | boolean>;
  references: { itemId: string; departmentName: string; round: number; sealId: string; digest: string | null }[];
}

export const RESULT_WORDS: Record<string, string> = { pass: '合格', defects: '有问题' };

/** An item's name without its parenthesised scope: 住建单项验收（质量监督…） → 住建单项验收. */
export function shortName(name: string): string {
  return name.replace(/（.*）$/, '');
}

/** The opinion a department gave last, if any. */
export function latestOpinion(d: AcceptanceDepartment): AcceptanceOpinion | null {
  return d.opinions.length ? d.opinions[d.opinions.length - 1] : null;
}

/** Its open defects: those of its latest opinion when that found defects (core acceptance.ts openDefects). */
export function openDefectsOf(d: AcceptanceDepartment): AcceptanceDefect[] {
  const last = latestOpinion(d);
  return last && last.result === 'defects' ? last.defects.filter((x) => x.state !== 'closed') : [];
}

const ENDED = ['done', 'cancelled', 'refused'];

/** The departments still without an opinion in this round (core awaitingOpinion). */
function awaitingOpinion(v: AcceptanceView): AcceptanceDepartment[] {
  return v.departments.filter((d) => ENDED.indexOf(d.state) < 0 && !(d.state === 'returned' && openDefectsOf(d).length > 0));
}

/** What the window may do now, as the server's rules say (it decides; the buttons follow). */
export function windowMoves(v: AcceptanceView): { schedule: boolean; notice: boolean; rectify: boolean } {
  const round = v.rectifications.length + 1;
  const noticed = v.notices.some((n) => (n.round !== undefined ? n.round === round : v.notices.length >= round));
  const open = v.departments.some((d) => openDefectsOf(d).length > 0);
  const running = v.departments.some((d) => ENDED.indexOf(d.state) < 0);
  return {
    schedule: running,
    notice: running && !noticed && open && awaitingOpinion(v).length === 0,
    rectify: noticed,
  };
}

/** The department sub-task a defect's photos are on. */
export function photoItem(v: AcceptanceView, defect: AcceptanceDefect, fallback: string): string {
  if (defect.itemId) return defect.itemId;
  const d = v.departments.filter((x) => x.departmentName === defect.departmentName)[0];
  return d ? d.itemId : fallback;
}

/**
 * A defect's photos as thumbnails: files on the department's sub-task, fetched once shown (each download is an
 * audit record: the photos are the evidence the page is read for); a tap shows them full size.
 */
export function DefectPhotos(props: { caseId: string; itemId: string; photos: string[] }) {
  const { api } = useApp();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string | null>(null);
  const key = props.photos.join(',');
  useEffect(() => {
    let live = true;
    const made: string[] = [];
    props.photos.forEach((sha) => {
      api.blob('/api/attachments/' + sha, { caseId: props.caseId, itemId: props.itemId }).then(
        (b) => {
          const u = URL.createObjectURL(b);
          made.push(u);
          if (live) setUrls((old) => ({ ...old, [sha]: u }));
        },
        (e: Error) => live && setFailed(e.message || '加载失败'),
      );
    });
    return () => {
      live = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [key, props.caseId, props.itemId]);
  if (!props.photos.length) return null;
  const shown = props.photos.filter((s) => urls[s]).map((s) => urls[s]);
  return (
    <div class="lb-acc-photos" data-testid="defect-photos" data-count={props.photos.length}>
      {props.photos.map((sha) =>
        urls[sha] ? (
          <img key={sha} class="lb-acc-photo" src={urls[sha]} alt="问题照片" data-testid="defect-photo" onClick={() => void showImagePreview(shown, urls[sha])} />
        ) : failed ? null : (
          <span key={sha} class="lb-acc-photo lb-acc-photo--empty">…</span>
        ),
      )}
      {failed && !shown.length ? (
        <div class="lb-meta" data-testid="defect-photos-unavailable">
          {'现场照片 ' + props.photos.length + ' 张'}
          <span class="lb-noprint">{'，本页暂不能显示（' + failed + '）'}</span>
        </div>
      ) : null}
    </div>
  );
}
