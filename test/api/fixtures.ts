// Request bodies for the HTTP tests: valid applications (from the core fixtures, as the API receives
// them), seeded staff by department and role, and small helpers over a RouteHarness.
import { expect } from 'vitest';
import type { FormValues } from '../../functions/core/form';
import type { MaterialRecord } from '../../functions/core/materials';
import { birthSupplied, birthValues, deathValues, makeId } from '../core/fixtures';
import type { RouteHarness } from './route-support';

export { birthValues, deathValues, makeId };

/**
 * Supplied materials as POST bodies carry them, without files: an intake may carry only files its clerk
 * uploaded (POST /api/intake/attachments), so the fixtures' made-up hashes would be refused.
 */
export function suppliedBody(records: readonly MaterialRecord[]) {
  return records.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] as { sha256: string; name: string; size: number; mime: string }[] }));
}

let serial = 0;
/** A fresh idempotency key. */
export const requestId = (label = 'req'): string => `${label}-${process.pid}-${Date.now().toString(36)}-${++serial}`;

export function birthBody(values: FormValues = birthValues(), extra: Record<string, unknown> = {}) {
  return { bundleId: 'birth', values, chosenOptional: [], supplied: suppliedBody(birthSupplied), ...extra };
}

export function deathBody(values: FormValues = deathValues(), extra: Record<string, unknown> = {}) {
  return { bundleId: 'death', values, chosenOptional: [], supplied: [], ...extra };
}

export const CLERK = 'yinzhou-serviceCenter-clerk1';

export interface AcceptedCase {
  caseId: string;
  view: any;
  /** itemId → { district, department } of its sub-task. */
  routes: Record<string, { district: string; department: string }>;
}

/** Accepts a case through POST /api/cases and returns where its sub-tasks went. */
export async function acceptThroughApi(h: RouteHarness, body: Record<string, unknown>, clerk = CLERK): Promise<AcceptedCase> {
  const r = await h.call('POST', '/api/cases', { token: h.token(clerk), json: { ...body, requestId: (body.requestId as string | undefined) ?? requestId('accept') } });
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
  const view = r.body.case;
  const routes: AcceptedCase['routes'] = {};
  for (const st of view.subTasks) routes[st.itemId] = { district: st.district, department: st.department };
  return { caseId: view.id, view, routes };
}

/** One action through the API at the sub-task's current version (read first). */
export async function act(h: RouteHarness, who: string, caseId: string, itemId: string, command: Record<string, unknown>) {
  const token = h.token(who);
  const current = await h.call('GET', `/api/subtasks/${caseId}/${itemId}`, { token });
  expect(current.status, `${who} reads ${itemId}: ${JSON.stringify(current.body).slice(0, 300)}`).toBe(200);
  return h.call('POST', `/api/subtasks/${caseId}/${itemId}/actions`, { token, json: { command, expectedVersion: current.body.subTask.version } });
}

/** Write capacity units counted by tablestore-local since the last reset (every table, every operation). */
export function writesSince(h: RouteHarness): number {
  let total = 0;
  for (const ops of Object.values(h.ots.server.counters())) for (const c of Object.values(ops)) total += c.write;
  return total;
}
