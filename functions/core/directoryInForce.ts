/**
 * The directory in force on a day: what the stored configuration grants today. Districts' joins whose date has
 * come are added to `District.bundles` (so routing, pre-check and forms keep reading `bundles`); delegations
 * outside their validity period or revoked are left out (they grant nothing). Revoked seals stay listed (the
 * archive names them) and sign nothing (seal.ts). Pure: the day is passed in.
 */
import type { Delegation, Directory, District } from './directory.js';
import { type CalendarDate, shanghaiDate } from './time.js';

/** Whether a delegation grants anything on `today`: not revoked and validFrom ≤ today ≤ validUntil. */
export function delegationInForce(d: Delegation, today: CalendarDate): boolean {
  if (d.revoked) return false;
  if (d.validFrom !== undefined && today < d.validFrom) return false;
  if (d.validUntil !== undefined && today > d.validUntil) return false;
  return true;
}

/** Why a delegation grants nothing on `today` (Chinese, for refusals), or null while it is in force. */
export function delegationLapse(d: Delegation, today: CalendarDate): string | null {
  if (d.revoked) return `集中授权 ${d.id} 已于 ${shanghaiDate(d.revoked.at)} 撤销`;
  if (d.validFrom !== undefined && today < d.validFrom) return `集中授权 ${d.id} 自 ${d.validFrom} 起生效，尚未生效`;
  if (d.validUntil !== undefined && today > d.validUntil) return `集中授权 ${d.id} 已于 ${d.validUntil} 到期`;
  return null;
}

/** The district's bundles on `today`: its own list plus the joins whose date has come. */
export function bundlesInForce(district: District, today: CalendarDate): string[] {
  const joined = (district.joins ?? []).filter((j) => j.from <= today).map((j) => j.bundle);
  return [...new Set([...district.bundles, ...joined])];
}

export function directoryInForce(dir: Directory, today: CalendarDate): Directory {
  return {
    ...dir,
    districts: dir.districts.map((d) => ({ ...d, bundles: bundlesInForce(d, today) })),
    delegations: dir.delegations.filter((d) => delegationInForce(d, today)),
  };
}
