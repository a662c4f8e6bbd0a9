// 热线事项目录 (81812345 hotline catalog, service/hotlineCatalogAdmin.ts), bodies in schemas/openapi.json:
//   GET /api/hotline/catalog[?district=]            the catalog of the actor's district (any staff of it; another
//                                                    district's: its admins, the city's admin, auditors)
//   PUT /api/admin/hotline/catalog[?district=]      {expectedVersion, classes}: the next version (admins of the district)
//   GET /api/hotline/suggest?item=&town=            the departments an order of the item goes to, suggested 主办 first
// The classes are checked by the service (400 CATALOG_INVALID, each problem an issue with its path), not the schema.
// A whole catalog (the seed's 365 items with their answers: about 80 KB) is read up to the bundle editor's 256 KB.
import type { CatalogSave } from '../../service/hotlineCatalogAdmin.js';
import { MAX_BUNDLE_BODY_BYTES, readJson } from '../body.js';
import { checkBody, patternParam } from '../validation.js';
import { actor, type ApiApp, type ApiContext, type RouteContext } from './context.js';

const DISTRICT_CODE = /^\d{6}$/;
const ITEM_ID = /^[a-z][a-z0-9]{1,39}$/;
const DEPARTMENT_ID = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,99}$/;

const districtParam = (c: ApiContext): string | undefined => patternParam('district', c.req.query('district'), DISTRICT_CODE, '区划代码须为 6 位数字');

export function registerHotlineCatalogRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  const catalogs = services.hotlineCatalog;

  app.get('/api/hotline/catalog', auth, async (c) => c.json(await catalogs.catalog(actor(c), districtParam(c))));
  app.put('/api/admin/hotline/catalog', auth, async (c) => {
    const district = districtParam(c);
    const save = checkBody<CatalogSave>('HotlineCatalogSaveRequest', await readJson(c.req.raw, MAX_BUNDLE_BODY_BYTES));
    return c.json(await catalogs.save(actor(c), save, district));
  });
  app.get('/api/hotline/suggest', auth, async (c) => {
    const item = patternParam('item', c.req.query('item'), ITEM_ID, '事项编码格式不正确', true) ?? '';
    const town = patternParam('town', c.req.query('town'), DEPARTMENT_ID, '镇（街道）编号格式不正确') ?? null;
    return c.json(await catalogs.suggest(actor(c), item, town));
  });
}
