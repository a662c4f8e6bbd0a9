/**
 * Every error the runner itself answers (not function errors), in FC's shape: JSON
 * `{"ErrorCode","ErrorMessage"}` so that `@alicloud/fc2` fills `err.code` and `err.message` — also for
 * requests Node's HTTP parser refuses (server.ts, `clientError`).
 */

export interface ApiError {
  status: number;
  code: string;
  message: string;
}

function make(status: number, code: string, message: string): ApiError {
  return { status, code, message };
}

export const apiErrors = {
  signatureNotMatch: () =>
    make(403, 'SignatureNotMatch', 'The request signature we calculated does not match the signature you provided. Check your access key and signing method.'),
  invalidAccessKeyId: (id: string) => make(403, 'InvalidAccessKeyID', `Access Key ID '${id}' does not exist`),
  missingAuthorization: () => make(403, 'MissingRequiredHeader', 'Authorization header is required'),
  missingDate: () => make(400, 'MissingRequiredHeader', 'Date header is required'),
  timeSkewed: () => make(403, 'RequestTimeTooSkewed', 'The difference between the request time and the server time is too large'),
  contentMd5Mismatch: () => make(400, 'InvalidArgument', 'Content-MD5 does not match the body'),
  serviceNotFound: (service: string) => make(404, 'ServiceNotFound', `service '${service}' does not exist`),
  functionNotFound: (service: string, fn: string) => make(404, 'FunctionNotFound', `function '${fn}' does not exist in service '${service}'`),
  qualifierNotFound: (service: string, qualifier: string) =>
    make(404, 'AliasNotFound', `alias or version '${qualifier}' does not exist in service '${service}' (the local runner serves LATEST only)`),
  triggerNotFound: (fn: string) => make(404, 'TriggerNotFound', `function '${fn}' has no HTTP trigger`),
  methodNotAllowed: (method: string, fn: string) => make(405, 'MethodNotAllowed', `method ${method} is not allowed by the HTTP trigger of '${fn}'`),
  invalidArgument: (message: string) => make(400, 'InvalidArgument', message),
  requestTimeout: () => make(408, 'RequestTimeout', 'the request was not received in time'),
  badResponse: (message: string) => make(502, 'BadResponse', message),
  resourceExhausted: (fn: string) => make(429, 'ResourceExhausted', `all instances of function '${fn}' are busy`),
  notFound: (path: string) => make(404, 'NotFound', `the local FC runner does not serve ${path}`),
  internal: (message: string) => make(500, 'InternalServerError', message),
} as const;
