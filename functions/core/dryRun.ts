/**
 * 试运行 (dry run) of a bundle version for the admin page: a sample application is pre-checked as a window would
 * (precheck.ts), and when nothing but the applicant's materials is missing, the case it would become is laid out
 * without storing anything — each sub-task with its item, the department and district routing picks (routing.ts,
 * as acceptCase does), whether it starts ready or waits for its predecessors, and its due date from today with the
 * calendar (a waiting item starts after its predecessors' limits: bundleGraph itemSchedule); the promised date of
 * the case (as acceptCase computes it); the intake materials still to bring; the one-time notice; where every
 * material the chosen items read comes from, with "asked from the applicant N / needed M" (materialSources.ts).
 */
import { type Bundle, promisedDaysFor } from './bundle.js';
import { criticalPathDays, itemSchedule } from './bundleGraph.js';
import { addWorkingDays, type DueDate, type WorkCalendar } from './calendar.js';
import { normalizeValues } from './case.js';
import { type Directory, findDepartment, findDistrict } from './directory.js';
import { isDomainError, type Issue } from './errors.js';
import { type FormValues, selectItems } from './form.js';
import { materialSources, type MaterialSources } from './materialSources.js';
import { precheck, type Notice } from './precheck.js';
import { routeCase } from './routing.js';
import { type Instant, shanghaiDate } from './time.js';

export interface DryRunInput {
  bundle: Bundle;
  values: FormValues;
  chosenOptional: readonly string[];
  acceptingDistrict: string;
  /** Intake material types the applicant is assumed to have brought (default none). */
  supplied?: readonly string[];
  directory: Directory;
  calendar: WorkCalendar;
  now: Instant;
}

interface DryRunSubTask {
  itemId: string;
  name: string;
  required: boolean;
  department: { id: string; name: string };
  district: { code: string; name: string };
  /** ready: 待签收 at once; waiting: 待前置办结 until the materials it consumes are issued. */
  state: 'ready' | 'waiting';
  /** Items whose outputs it waits for. */
  waitsFor: string[];
  limitDays: number;
  /** Working days after acceptance it can start at the latest (its predecessors' limits). */
  startsAfterDays: number;
  /** Its due date counted from today if every predecessor takes its whole limit. */
  due: DueDate | null;
}

export interface DryRunResult {
  notice: Notice;
  /** Whether a window could accept it once the materials still to bring are there. */
  routable: boolean;
  subTasks: DryRunSubTask[];
  /** 承诺办结日期 of the case (max of the bundle's promise and the critical path). */
  promisedDue: DueDate | null;
  /** Intake materials the chosen items need that were not brought. */
  materialsToBring: { id: string; name: string }[];
  /** Each material the chosen items read with its one source (applicant or issuing item), and the counts. */
  materialSources: MaterialSources;
}

const MISSING_MATERIAL = 'MISSING_MATERIAL';

export function dryRun(input: DryRunInput): DryRunResult {
  const { bundle, directory, calendar } = input;
  const values = normalizeValues(bundle, input.values);
  const supplied = input.supplied ?? [];
  const notice = precheck({
    bundle, values, chosenOptional: input.chosenOptional, providedMaterials: supplied, acceptingDistrict: input.acceptingDistrict, directory, now: input.now,
  });
  const items = selectItems(bundle, input.chosenOptional);
  const needed = [...new Set(items.flatMap((i) => i.inputs.map((x) => x.material)))].filter((m) => bundle.intakeMaterials.includes(m) && !supplied.includes(m));
  const materialsToBring = needed.map((id) => ({ id, name: bundle.materials.find((m) => m.id === id)?.name ?? id }));
  const blocking: Issue[] = notice.issues.filter((i) => i.code !== MISSING_MATERIAL);
  const sources = materialSources(bundle, input.chosenOptional);
  const empty: DryRunResult = { notice, routable: false, subTasks: [], promisedDue: null, materialsToBring, materialSources: sources };
  if (blocking.length > 0) return empty;
  const routes = routeCase(bundle, items, values, input.acceptingDistrict, directory);
  if (isDomainError(routes)) return empty;

  const today = shanghaiDate(input.now);
  const chosen = items.map((i) => i.id);
  const schedule = itemSchedule(bundle, chosen);
  const subTasks = items.map((item): DryRunSubTask => {
    const route = routes[item.id];
    const waitsFor = [...new Set(item.inputs.flatMap((x) => bundle.items.filter((p) => p.outputs.includes(x.material) && chosen.includes(p.id)).map((p) => p.id)))];
    const startsAfterDays = schedule.get(item.id)?.startDays ?? 0;
    return {
      itemId: item.id,
      name: item.name,
      required: item.required,
      department: { id: route.department, name: findDepartment(directory, route.department)?.name ?? route.department },
      district: { code: route.district, name: findDistrict(directory, route.district)?.name ?? route.district },
      state: waitsFor.length === 0 ? 'ready' : 'waiting',
      waitsFor,
      limitDays: item.timeLimitDays,
      startsAfterDays,
      due: addWorkingDays(calendar, today, startsAfterDays + item.timeLimitDays),
    };
  });
  const promise = Math.max(promisedDaysFor(bundle, values), criticalPathDays(bundle, chosen));
  return { notice, routable: true, subTasks, promisedDue: addWorkingDays(calendar, today, promise), materialsToBring, materialSources: sources };
}
