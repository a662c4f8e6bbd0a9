/**
 * 热线事项目录 (the 81812345 hotline catalog of a district, core workOrder.ts): any staff of the district reads it
 * (the operator's order form, the department's suggestion), an admin of the district saves a new version. A save:
 * who may (policy.ts authorizeConfig), the classes checked (core hotlineCatalog.ts validateCatalogClasses, plus: an
 * item of the saved catalog is never removed, only deactivated — old orders and statistics name it), the catalog
 * as read now at `expectedVersion` (else 409 CONFLICT), a conditional write (store/hotlineCatalog.ts), then the
 * change record (before → after) like every admin change.
 */
import type { StaffActor } from '../core/actor.js';
import { findDistrict } from '../core/directory.js';
import { domainError, type Issue } from '../core/errors.js';
import { suggestDepartments, validateCatalogClasses } from '../core/hotlineCatalog.js';
import { authorizeConfig, authorizeConfigRead } from '../core/policy.js';
import type { HotlineCatalog, HotlineClass } from '../core/workOrder.js';
import { HotlineCatalogStore } from '../store/hotlineCatalog.js';
import { asJson, type ConfigLog } from './configLog.js';
import type { ServiceContext } from './context.js';
import { denyUnless } from './errors.js';

/** PUT /api/admin/hotline/catalog body. */
export interface CatalogSave {
  expectedVersion: number;
  classes: unknown;
}

export interface HotlineCatalogAccess {
  /** The district's catalog (default: the actor's); 404 HOTLINE_CATALOG_MISSING when none is stored. */
  catalog(actor: StaffActor, district?: string): Promise<HotlineCatalog>;
  /** Saves the classes as the next version (admins of the district, the city's admin). */
  save(actor: StaffActor, body: CatalogSave, district?: string): Promise<HotlineCatalog>;
  /** The departments an order of the item goes to in the actor's district, the suggested 主办 first. */
  suggest(actor: StaffActor, itemId: string, town: string | null): Promise<{ departments: { id: string; name: string }[] }>;
}

type Problem = { path: string; message: string };

const isProblems = (r: HotlineClass[] | Problem[]): r is Problem[] => r.length > 0 && 'path' in r[0];

const invalid = (problems: readonly Problem[]) =>
  domainError('CATALOG_INVALID', problems[0]?.message, problems.map((p): Issue => ({ field: p.path, code: 'CATALOG_INVALID', message: p.message })));

/** Items of the stored catalog missing from the new classes (each a problem: deactivate instead). */
function removedItems(before: HotlineCatalog | null, classes: HotlineClass[]): Problem[] {
  if (!before) return [];
  const kept = new Set(classes.flatMap((c) => c.items.map((i) => i.id)));
  return before.classes.flatMap((c) =>
    c.items.filter((i) => !kept.has(i.id)).map((i) => ({ path: 'classes', message: `事项「${i.name}」（${i.id}）已在用，不能删除，请改为停用` })),
  );
}

export class HotlineCatalogAdmin implements HotlineCatalogAccess {
  private readonly store: HotlineCatalogStore;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {
    this.store = new HotlineCatalogStore(ctx.client);
  }

  async catalog(actor: StaffActor, district: string = actor.district): Promise<HotlineCatalog> {
    if (district !== actor.district) denyUnless(authorizeConfigRead(actor, district, (await this.ctx.snapshot()).directory));
    const catalog = await this.store.get(district);
    if (!catalog) throw domainError('HOTLINE_CATALOG_MISSING');
    return catalog;
  }

  async save(actor: StaffActor, body: CatalogSave, district: string = actor.district): Promise<HotlineCatalog> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfig(actor, 'hotlineCatalog', district, snap.directory));
    if (!findDistrict(snap.directory, district)) throw domainError('NOT_FOUND', `区不存在: ${district}`);
    const checked = validateCatalogClasses(body.classes, new Set(snap.directory.departmentKinds.map((k) => k.id)));
    if (isProblems(checked)) throw invalid(checked);
    const before = await this.store.get(district);
    if ((before?.version ?? 0) !== body.expectedVersion) {
      throw domainError('CONFLICT', '热线事项目录已被他人修改，请刷新后再改（您的修改仍在页面上）');
    }
    const removed = removedItems(before, checked);
    if (removed.length > 0) throw invalid(removed);
    const after: HotlineCatalog = { district, version: body.expectedVersion + 1, classes: checked, updatedAt: this.ctx.now(), updatedBy: actor.id };
    await this.store.put(after, body.expectedVersion);
    await this.log.record(actor, district, { kind: 'hotlineCatalog', id: district, action: before ? 'update' : 'create', before: asJson(before), after: asJson(after) });
    return after;
  }

  async suggest(actor: StaffActor, itemId: string, town: string | null): Promise<{ departments: { id: string; name: string }[] }> {
    const catalog = await this.catalog(actor);
    const item = catalog.classes.flatMap((c) => c.items).find((i) => i.id === itemId);
    if (!item) throw domainError('NOT_FOUND', '热线事项不存在');
    const { directory } = await this.ctx.snapshot();
    return { departments: suggestDepartments(item, { district: actor.district, town, address: '' }, directory) };
  }
}
