// 81812345 热线工单 (service/hotlineOps.ts, core workOrderMachine.ts); the catalog's routes are hotlineCatalog.ts':
//   POST /api/hotline/orders                NewOrderInput → 201 {order}   (operators of the district; a replayed
//                                           requestId → 200 with the first order, no second one)
//   GET  /api/hotline/orders?q=…            → {rows}   (order id, the phone's last 4 digits or the whole number)
//   GET  /api/hotline/orders/:orderId       → {order}  (the district's operators, supervisors, leaders, auditors and
//                                           the departments with an assignment; anyone else 404)
//   POST /api/hotline/orders/:orderId/actions   {command, expectedVersion} → {order}   (409 CONFLICT on a stale version)
//   GET  /api/hotline/lists/:list?cursor=…  → {rows, next}   (callback | returned | visit | events | incoming | active | supervise)
//   POST /api/hotline/events/match          {classId, itemId, town, content} → {matches}   (open 热点事件 a call may join)
//   GET  /api/hotline/places                → {towns, departments}   (the operator's district: places and receivers, by name)
// The bodies' schemas here are loose on purpose: the core's parse answers INVALID_INPUT / INVALID_PHONE with
// Chinese per-field issues.
import { ORDER_ID_PATTERN } from '../../core/workOrder.js';
import type { OrderList } from '../../service/hotlineOps.js';
import { apiError } from '../errors.js';
import { cursorParam, enumParam, textParam } from '../validation.js';
import { actor, body, type ApiApp, type ApiContext, type RouteContext } from './context.js';

const LISTS: readonly OrderList[] = ['callback', 'returned', 'visit', 'events', 'incoming', 'active', 'supervise'];

function orderIdParam(c: ApiContext): string {
  const id = c.req.param('orderId');
  if (!id || !ORDER_ID_PATTERN.test(id)) throw apiError('RECORD_NOT_FOUND');
  return id;
}

export function registerHotlineRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/hotline/orders', auth, async (c) => {
    const input = await body<Record<string, unknown>>(c, 'HotlineOrderRequest');
    const { order, created } = await services.hotline.record(actor(c), input);
    return c.json({ order }, created ? 201 : 200);
  });

  app.get('/api/hotline/orders', auth, async (c) => {
    const q = textParam('q', c.req.query('q'), { label: '查询内容', min: 4, max: 20 });
    return c.json(await services.hotline.search(actor(c), q));
  });

  app.get('/api/hotline/orders/:orderId', auth, async (c) => c.json(await services.hotline.get(actor(c), orderIdParam(c))));

  app.post('/api/hotline/orders/:orderId/actions', auth, async (c) => {
    const id = orderIdParam(c);
    const { command, expectedVersion } = await body<{ command: unknown; expectedVersion: number }>(c, 'HotlineActionRequest');
    return c.json(await services.hotline.act(actor(c), id, command, expectedVersion));
  });

  app.get('/api/hotline/lists/:list', auth, async (c) => {
    const list = enumParam('list', c.req.param('list'), LISTS, 'callback', '列表');
    return c.json(await services.hotline.list(actor(c), list, cursorParam(c.req.query('cursor')) ?? null));
  });

  app.get('/api/hotline/places', auth, async (c) => c.json(await services.hotline.places(actor(c))));

  app.post('/api/hotline/events/match', auth, async (c) => {
    const input = await body<{ classId: string; itemId: string; town: string | null; content: string }>(c, 'HotlineMatchRequest');
    return c.json(await services.hotline.match(actor(c), input));
  });
}
