/**
 * lianban's s.yaml: fc-local's reader bound to schemas/s-yaml.schema.json, which is stricter than what
 * fc-local itself checks (the FC 2.0 keys lianban uses, no unknown keys, edition 1.0.0, component fc).
 * The build, the dev stack and the tests read s.yaml through this module.
 */
import { readFileSync } from 'node:fs';
import {
  SYamlError, loadSYaml as loadWith, parseSYaml as parseWith, schemaValidator, type ResolveOptions, type SYamlModel,
} from '@lianban/fc-local';

const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/s-yaml.schema.json', import.meta.url), 'utf8')) as object;

/** Problems of a parsed, substituted s.yaml document against lianban's schema; empty when valid. */
export const validateSYaml = schemaValidator(SCHEMA);

export function loadSYaml(path: string, options: ResolveOptions): SYamlModel {
  return loadWith(path, { validate: validateSYaml, ...options });
}

export function parseSYaml(text: string, options: ResolveOptions): SYamlModel {
  return parseWith(text, { validate: validateSYaml, ...options });
}

export { SYamlError };
