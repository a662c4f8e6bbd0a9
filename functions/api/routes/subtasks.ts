// A sub-task (子任务) and the staff actions on it:
//   GET  /api/subtasks/:caseId/:itemId           → {subTask, timeline}: only the fields and materials the actor may see
//   POST /api/subtasks/:caseId/:itemId/actions   {command, expectedVersion} → {subTask}
// The command is checked by the core's schema (schemas/subtask-command.schema.json) so a malformed one is
// told precisely (per field, in Chinese) rather than as every branch of the schema's oneOf. Two staff
// acting on the same version: one 200, one 409 CONFLICT (the service's conditional write decides).
import { isDomainError, type DomainError } from '../../core/errors.js';
import { parseStaffCommand } from '../../core/commandParsing.js';
import { schemaIssues } from '../../core/jsonSchema.js';
import { readJson } from '../body.js';
import { apiError } from '../errors.js';
import { componentValidator } from '../validation.js';
import { actor, caseIdParam, itemIdParam, type ApiApp, type RouteContext } from './context.js';

interface ActionBody {
  command: unknown;
  expectedVersion: number;
}

/** The action body, or a 400 naming every problem (command problems prefixed with `command.`). */
function checkAction(value: unknown): ActionBody {
  const validate = componentValidator('ActionRequest');
  if (validate(value)) return value as ActionBody; // shape checked by the schema just above
  const outside = schemaIssues((validate.errors ?? []).filter((e) => !e.instancePath.startsWith('/command')));
  const raw: unknown = value;
  const command = typeof raw === 'object' && raw !== null && 'command' in raw ? parseStaffCommand(raw.command) : null;
  const inside = command && isDomainError(command) ? prefixed(command) : [];
  throw apiError('INVALID_BODY', [...outside, ...inside], inside.length && !outside.length ? '操作内容格式有误' : undefined);
}

function prefixed(err: DomainError) {
  return err.issues.map((i) => ({ ...i, field: i.field ? `command.${i.field}` : 'command' }));
}

export function registerSubTaskRoutes(app: ApiApp, { services, auth }: RouteContext): void {
  app.get('/api/subtasks/:caseId/:itemId', auth, async (c) =>
    c.json(await services.subTask(actor(c), caseIdParam(c), itemIdParam(c))),
  );

  app.post('/api/subtasks/:caseId/:itemId/actions', auth, async (c) => {
    const caseId = caseIdParam(c);
    const itemId = itemIdParam(c);
    const { command, expectedVersion } = checkAction(await readJson(c.req.raw));
    return c.json(await services.act(actor(c), caseId, itemId, command, expectedVersion));
  });
}
