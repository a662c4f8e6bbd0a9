// Work queues, ordered by deadline and paged by an opaque cursor:
//   GET /api/queues/mine?cursor=&limit=
//   GET /api/queues/department?state=ready|active|countersign&cursor=&limit=
//   GET /api/queues/overdue?level=warning|overdue&cursor=&limit=      (supervisors: their district)
//   GET /api/queues/extension?cursor=&limit=     延期申请 to decide (signers: their department; supervisors: their district)
//   GET /api/queues/correction?cursor=&limit=    退回补正 sub-tasks of cases the window's district accepted (clerks)
import type { QueueQuery } from '../../service/index.js';
import { cursorParam, enumParam, pageLimit } from '../validation.js';
import { actor, type ApiApp, type ApiContext, type RouteContext } from './context.js';

function paging(c: ApiContext): QueueQuery {
  const cursor = cursorParam(c.req.query('cursor'));
  return { limit: pageLimit(c.req.query('limit')), ...(cursor ? { cursor } : {}) };
}

export function registerQueueRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/queues/mine', auth, async (c) => c.json(await services.queue(actor(c), 'mine', paging(c))));

  app.get('/api/queues/department', auth, async (c) => {
    const state = enumParam('state', c.req.query('state'), ['ready', 'active', 'countersign'] as const, 'ready', '队列状态');
    return c.json(await services.queue(actor(c), 'department', { ...paging(c), state }));
  });

  app.get('/api/queues/extension', auth, async (c) => c.json(await services.queue(actor(c), 'extension', paging(c))));

  app.get('/api/queues/correction', auth, async (c) => c.json(await services.queue(actor(c), 'correction', paging(c))));

  app.get('/api/queues/overdue', auth, async (c) => {
    const level = enumParam('level', c.req.query('level'), ['warning', 'overdue'] as const, 'overdue', '预警级别');
    return c.json(await services.queue(actor(c), 'overdue', { ...paging(c), level }));
  });
}
