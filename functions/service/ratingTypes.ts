/** What the 好差评 operations (ratingOps.ts) answer; the API's schemas (schemas/openapi.json) describe the same. */
import type { StaffActor } from '../core/actor.js';
import type { CaseState } from '../core/case.js';
import type { Rating, RatingChannel, RatingLevel } from '../core/rating.js';
import type { Rectification } from '../core/rectification.js';

interface RatingSummary {
  id: string;
  target: string;
  targetName: string;
  level: RatingLevel;
  levelLabel: string;
  comment: string | null;
  channel: RatingChannel;
  at: string;
}

export interface CaseRatings {
  caseId: string;
  version: number;
  state: CaseState;
  /** Targets the applicant may still rate ('case' first, then done sub-tasks). */
  ratable: { target: string; name: string }[];
  ratings: RatingSummary[];
}

export interface RectificationListItem {
  caseId: string;
  rectificationId: string;
  bundleName: string;
  subject: string;
  department: string;
  departmentName: string;
  state: string;
  stateLabel: string;
  dueDate: string | null;
  level: 'normal' | 'warning' | 'overdue' | 'closed';
  /** Closed ones: 整改完成 / 申诉成立（误评）, with （超期办结） when late. */
  outcomeLabel: string | null;
}

export interface RectificationDetail {
  caseId: string;
  bundleName: string;
  subject: string;
  acceptedAt: string;
  endedAt: string | null;
  rectification: Rectification & { stateLabel: string; departmentName: string; districtName: string };
  rating: (RatingSummary & { disputed: boolean }) | null;
  level: 'normal' | 'warning' | 'overdue' | 'closed';
  remainingDays: number;
  /** The commands the actor may give now. */
  can: { callBack: boolean; rectify: boolean; feedback: boolean; appeal: boolean; decideAppeal: boolean };
}

/** 好差评 and 差评整改 (Services.ratings). */
export interface RatingAccess {
  /** 一次一评 on the window's device: the accepting district's window clerk, for the applicant → the rating (409 ALREADY_RATED / NOT_RATABLE). */
  rate(actor: StaffActor, caseId: string, body: unknown, now?: string): Promise<{ rating: Rating }>;
  /** 一事一评 from the public progress page, after the caller resolved its token: channel 'progressPage', no staff actor. */
  rateFromProgressPage(caseId: string, body: unknown, now?: string): Promise<{ rating: Rating }>;
  /** What may still be rated and what was (the window, the district's supervisors; null actor: the progress page after its token). */
  ratingsOf(actor: StaffActor | null, caseId: string): Promise<CaseRatings>;
  list(actor: StaffActor, scope: string, state?: string): Promise<{ items: RectificationListItem[] }>;
  get(actor: StaffActor, caseId: string, rectificationId: string): Promise<RectificationDetail>;
  act(actor: StaffActor, caseId: string, rectificationId: string, body: unknown, expectedVersion: number): Promise<RectificationDetail>;
}
