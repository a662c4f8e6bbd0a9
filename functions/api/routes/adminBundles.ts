// 一件事配置 (DESIGN: configuration, "Bundles as versioned data"): bundle versions for admins (change) and auditors (read).
//   GET  /api/admin/bundles                                   every bundle the actor may read, with its versions
//   POST /api/admin/bundles                {id, name, leadDepartment, scope}  → 201 draft version 1
//   POST /api/admin/bundles/import?scope=  a Bundle JSON      → 201 a new draft; a bad file → 400 BUNDLE_INVALID, nothing stored
//   GET  /api/admin/bundles/:bundleId/versions/:version       the version doc, its issues, its item graph
//   PUT  …/versions/:version               {bundle, expectedRowVersion}       save a draft → the stored doc and its issues
//   POST /api/admin/bundles/:bundleId/validate  {bundle}      → {issues}, storing nothing
//   POST …/versions/:version/publish       {validFrom, expectedRowVersion}
//   POST …/versions/:version/retire        {reason, expectedRowVersion?}
//   POST …/versions/:version/copy          → 201 a new draft from this version
//   POST …/versions/:version/discard       {expectedRowVersion}
//   GET  …/versions/:version/diff?against= changes against copiedFrom (or `against`)
//   POST …/versions/:version/dryrun        {values, chosenOptional?, acceptingDistrict, supplied?} → 试运行, creates nothing
//   GET  …/versions/:version/export        the Bundle JSON as a file
// Bodies may be up to 256 KB here (a whole bundle), 64 KB elsewhere.
import type { BundleJson } from '../../core/bundleVersion.js';
import type { DryRunBody, NewBundleBody } from '../../service/bundleAdminTypes.js';
import { MAX_BUNDLE_BODY_BYTES, readJson } from '../body.js';
import { apiError } from '../errors.js';
import { checkBody, patternParam, type RequestSchema } from '../validation.js';
import { actor, keyParam, type ApiApp, type ApiContext, type RouteContext } from './context.js';

const VERSION = /^[1-9]\d{0,5}$/;

function versionParam(c: ApiContext): number {
  const raw = c.req.param('version');
  if (!raw || !VERSION.test(raw)) throw apiError('RECORD_NOT_FOUND');
  return Number(raw);
}

const bundleBody = async <T>(c: ApiContext, schema: RequestSchema): Promise<T> => checkBody<T>(schema, await readJson(c.req.raw, MAX_BUNDLE_BODY_BYTES));

const VERSION_PATH = '/api/admin/bundles/:bundleId/versions/:version';

export function registerAdminBundleRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  const admin = services.bundleAdmin;

  app.get('/api/admin/bundles', auth, async (c) => c.json(await admin.list(actor(c))));

  app.post('/api/admin/bundles', auth, async (c) => {
    const body = await bundleBody<NewBundleBody>(c, 'AdminBundleCreateRequest');
    return c.json(await admin.create(actor(c), body), 201);
  });

  app.post('/api/admin/bundles/import', auth, async (c) => {
    const scope = patternParam('scope', c.req.query('scope'), /^\d{6}$/, '适用范围须为6位区划代码');
    const body = await bundleBody<unknown>(c, 'AdminBundleImportRequest');
    return c.json(await admin.importBundle(actor(c), body, scope ?? null), 201);
  });

  app.post('/api/admin/bundles/:bundleId/validate', auth, async (c) => {
    const bundleId = keyParam(c, 'bundleId');
    const { bundle } = await bundleBody<{ bundle: BundleJson }>(c, 'AdminBundleValidateRequest');
    return c.json(await admin.validate(actor(c), bundleId, bundle));
  });

  app.get(VERSION_PATH, auth, async (c) => c.json(await admin.get(actor(c), keyParam(c, 'bundleId'), versionParam(c))));

  app.put(VERSION_PATH, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const { bundle, expectedRowVersion } = await bundleBody<{ bundle: BundleJson; expectedRowVersion: number }>(c, 'AdminBundleSaveRequest');
    return c.json(await admin.save(actor(c), bundleId, version, bundle, expectedRowVersion));
  });

  app.post(`${VERSION_PATH}/publish`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const { validFrom, expectedRowVersion } = await bundleBody<{ validFrom: string; expectedRowVersion: number }>(c, 'AdminBundlePublishRequest');
    return c.json(await admin.publish(actor(c), bundleId, version, validFrom, expectedRowVersion));
  });

  app.post(`${VERSION_PATH}/retire`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const { reason, expectedRowVersion } = await bundleBody<{ reason: string; expectedRowVersion?: number }>(c, 'AdminBundleRetireRequest');
    return c.json(await admin.retire(actor(c), bundleId, version, reason, expectedRowVersion));
  });

  app.post(`${VERSION_PATH}/copy`, auth, async (c) => c.json(await admin.copy(actor(c), keyParam(c, 'bundleId'), versionParam(c)), 201));

  app.post(`${VERSION_PATH}/discard`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const { expectedRowVersion } = await bundleBody<{ expectedRowVersion: number }>(c, 'AdminBundleDiscardRequest');
    return c.json(await admin.discard(actor(c), bundleId, version, expectedRowVersion));
  });

  app.get(`${VERSION_PATH}/diff`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const against = patternParam('against', c.req.query('against'), VERSION, 'against 须为版本号');
    return c.json(await admin.diff(actor(c), bundleId, version, against ? Number(against) : undefined));
  });

  app.post(`${VERSION_PATH}/dryrun`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const body = await bundleBody<DryRunBody>(c, 'AdminBundleDryRunRequest');
    return c.json(await admin.dryRun(actor(c), bundleId, version, body));
  });

  app.get(`${VERSION_PATH}/export`, auth, async (c) => {
    const [bundleId, version] = [keyParam(c, 'bundleId'), versionParam(c)];
    const bundle = await admin.exportVersion(actor(c), bundleId, version);
    c.header('content-disposition', `attachment; filename="${bundleId}@${version}.json"`);
    return c.json(bundle);
  });
}
