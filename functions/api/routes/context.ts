// What every route group receives, and the small helpers they share: the acting staff member from the
// verified session, path ids checked before they reach the store (a malformed id cannot name a record
// → 404), and JSON bodies read and checked against the OpenAPI document's request schemas.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { StaffActor } from '../../core/actor.js';
import { CASE_ID_PATTERN } from '../../core/case.js';
import type { Services } from '../../service/index.js';
import type { ApiEnv, SessionRegistry } from '../auth.js';
import { readJson } from '../body.js';
import { apiError } from '../errors.js';
import { actorOf } from '../session.js';
import { checkBody, type RequestSchema } from '../validation.js';

export interface RouteContext {
  services: Services;
  /** The session middleware: 401 UNAUTHENTICATED without a valid token. */
  auth: MiddlewareHandler<ApiEnv>;
  /** What signed attachment links need (api/attachmentLink.ts): the session secret, the clock, the directory's sessions. */
  links: { secret: string; now(): number; sessions: SessionRegistry };
}

export type ApiApp = Hono<ApiEnv>;
export type ApiContext = Context<ApiEnv>;

/** The staff member the verified session names. */
export const actor = (c: ApiContext): StaffActor => actorOf(c.get('session'));

/** Item, bundle and material ids: ASCII keys. */
const KEY = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;

function idParam(c: ApiContext, name: string, pattern: RegExp): string {
  const value = c.req.param(name);
  if (!value || !pattern.test(value)) throw apiError('RECORD_NOT_FOUND');
  return value;
}

export const caseIdParam = (c: ApiContext): string => idParam(c, 'caseId', CASE_ID_PATTERN);
export const itemIdParam = (c: ApiContext): string => idParam(c, 'itemId', KEY);
export const keyParam = (c: ApiContext, name: string): string => idParam(c, name, KEY);

/** The JSON body checked against a request schema of schemas/openapi.json. */
export async function body<T>(c: ApiContext, schema: RequestSchema): Promise<T> {
  return checkBody<T>(schema, await readJson(c.req.raw));
}
