// Bundles (一件事) and their one-table forms (一表申请):
//   GET /api/bundles                          bundles the actor's district has joined
//   GET /api/bundles/:bundleId/form?optional=&version= the form for the chosen optional items, and the item graph
//                                             (version: a published or retired version a case pinned; default: today's)
import { patternParam } from '../validation.js';
import { actor, keyParam, type ApiApp, type RouteContext } from './context.js';

const OPTIONAL_LIST = /^[a-zA-Z][a-zA-Z0-9]{0,63}(,[a-zA-Z][a-zA-Z0-9]{0,63}){0,49}$/;

export function registerBundleRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/bundles', auth, async (c) => c.json(await services.listBundles(actor(c))));

  app.get('/api/bundles/:bundleId/form', auth, async (c) => {
    const bundleId = keyParam(c, 'bundleId');
    const optional = patternParam('optional', c.req.query('optional'), OPTIONAL_LIST, '可选事项须为以逗号分隔的事项编号');
    const version = patternParam('version', c.req.query('version'), /^[1-9]\d{0,5}$/, '版本须为正整数');
    return c.json(await services.form(actor(c), bundleId, optional ? optional.split(',') : [], version ? Number(version) : undefined));
  });
}
