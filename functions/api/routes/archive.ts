// The electronic archive (电子档案) of a person, an enterprise or a project, every read audited with its purpose:
//   POST /api/archive/search          {idNumber | creditCode | projectCode, purpose} → {subject, kind, person, cases, materials}
//   GET  /api/archive/:subject?purpose=                   → the same, by the opaque subject handle
// The number travels in a POST body only (never in a URL, so never in an access log).
import type { SubjectKind } from '../../core/bundle.js';
import { apiError } from '../errors.js';
import { textParam } from '../validation.js';
import { actor, body, type ApiApp, type RouteContext } from './context.js';

interface SearchBody {
  idNumber?: string;
  creditCode?: string;
  projectCode?: string;
  purpose: string;
}

const SUBJECT = /^[A-Za-z0-9_-]{16,128}$/;

/** The one number a search names, with its kind (个人 / 企业 / 项目). */
function numberOf(b: SearchBody): { kind: SubjectKind; code: string } {
  const given = ([['person', b.idNumber], ['enterprise', b.creditCode], ['project', b.projectCode]] as const).filter(([, v]) => v !== undefined);
  const [only] = given;
  if (given.length !== 1 || only[1] === undefined) {
    throw apiError('INVALID_BODY', [{ field: 'idNumber', code: 'ONE_NUMBER', message: '请填写公民身份号码、统一社会信用代码、项目代码中的一项' }]);
  }
  return { kind: only[0], code: only[1] };
}

export function registerArchiveRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.post('/api/archive/search', auth, async (c) => {
    const b = await body<SearchBody>(c, 'ArchiveSearchRequest');
    const { kind, code } = numberOf(b);
    return c.json(await services.archiveSearch(actor(c), code, b.purpose, kind));
  });

  app.get('/api/archive/:subject', auth, async (c) => {
    const subject = c.req.param('subject');
    if (!SUBJECT.test(subject)) throw apiError('RECORD_NOT_FOUND');
    const purpose = textParam('purpose', c.req.query('purpose'), { label: '查阅用途', min: 2, max: 200 });
    return c.json(await services.archiveRead(actor(c), subject, purpose));
  });
}
