/**
 * A district joining a bundle's network from a date (e.g. 北仑 and 镇海 joining 身后一件事 from 1 July): the join
 * is stored in `District.joins` and applied from that day (directoryInForce). Joining needs the district to have a
 * department of every item's kind that it would route to — the bundle's own directory check (bundleValidation),
 * compared with and without the join, so only the problems the join brings count. Pure: today is passed in.
 */
import type { Bundle } from './bundle.js';
import { validateBundle } from './bundleValidation.js';
import { type Directory, type District, findDistrict, withDistrictJoined } from './directory.js';
import { bundlesInForce } from './directoryInForce.js';
import { type Issue, isDomainError } from './errors.js';
import { type CalendarDate, isCalendarDate } from './time.js';

const directoryProblems = (bundle: Bundle, dir: Directory): Issue[] => {
  const r = validateBundle(bundle, dir);
  return isDomainError(r) ? [...r.issues] : [];
};

/**
 * The district with the join (a later date replaces a join not yet in force), or the problems. `scope` is the
 * bundle's (bundleVersion.ts): a district's own bundle (scope = another district) is not joined by others.
 */
export function joinBundle(dir: Directory, district: District, bundle: Bundle, scope: string | null, from: CalendarDate, today: CalendarDate): District | Issue[] {
  if (scope !== null && scope !== district.code) {
    return [{ field: 'bundleId', code: 'DISTRICT_BUNDLE', message: `「${bundle.name}」是${findDistrict(dir, scope)?.name ?? scope}自建的一件事，其他区不能加入` }];
  }
  if (!isCalendarDate(from)) return [{ field: 'from', code: 'BAD_DATE', message: `日期无效: ${from}` }];
  if (from < today) return [{ field: 'from', code: 'BAD_DATE', message: `加入日期不能早于今天（${today}）` }];
  if (bundlesInForce(district, today).includes(bundle.id)) {
    return [{ field: 'bundleId', code: 'ALREADY_JOINED', message: `${district.name}已加入「${bundle.name}」` }];
  }
  const before = new Set(directoryProblems(bundle, dir).map((i) => i.message));
  const added = directoryProblems(bundle, withDistrictJoined(dir, district.code, bundle.id)).filter((i) => !before.has(i.message));
  if (added.length > 0) return added.map((i) => ({ ...i, field: 'bundleId' }));
  const joins = (district.joins ?? []).filter((j) => j.bundle !== bundle.id);
  return { ...district, joins: [...joins, { bundle: bundle.id, from }] };
}
