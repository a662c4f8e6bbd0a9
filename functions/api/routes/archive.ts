// A person's electronic archive (电子档案), every read audited with its purpose:
//   POST /api/archive/search          {idNumber, purpose} → {subject, person, cases, materials}
//   GET  /api/archive/:subject?purpose=                   → the same, by the opaque subject handle
// The ID number travels in a POST body only (never in a URL, so never in an access log).
import { apiError } from '../errors.js';
import { textParam } from '../validation.js';
import { actor, body, type ApiApp, type RouteContext } from './context.js';

interface SearchBody {
  idNumber: string;
  purpose: string;
}

const SUBJECT = /^[A-Za-z0-9_-]{16,128}$/;

export function registerArchiveRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/archive/search', auth, async (c) => {
    const { idNumber, purpose } = await body<SearchBody>(c, 'ArchiveSearchRequest');
    return c.json(await services.archiveSearch(actor(c), idNumber, purpose));
  });

  app.get('/api/archive/:subject', auth, async (c) => {
    const subject = c.req.param('subject');
    if (!SUBJECT.test(subject)) throw apiError('RECORD_NOT_FOUND');
    const purpose = textParam('purpose', c.req.query('purpose'), { label: '查阅用途', min: 2, max: 200 });
    return c.json(await services.archiveRead(actor(c), subject, purpose));
  });
}
