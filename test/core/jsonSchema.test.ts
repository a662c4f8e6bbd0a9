// The one Ajv (core/jsonSchema.ts) and the one conversion of its errors into issues.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { schemaAjv, schemaIssues, schemaValidator } from '../../functions/core/jsonSchema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('JSON Schema: one Ajv, one conversion', () => {
  it('every schema file of the core is in the one Ajv, compiled once', () => {
    for (const name of ['bundle', 'directory', 'field', 'intake', 'material-type', 'subtask-command']) {
      expect(schemaAjv().getSchema(`https://lianban.local/schemas/${name}.schema.json`), name).toBeDefined();
    }
    expect(schemaAjv()).toBe(schemaAjv());
    const ref = 'https://lianban.local/schemas/intake.schema.json';
    expect(schemaValidator(ref)).toBe(schemaValidator(ref));
  });

  it('no function constructs an Ajv but core/jsonSchema.ts', () => {
    const makers = sources(path.join(root, 'functions')).filter((f) => /new Ajv|from 'ajv'/.test(readFileSync(f, 'utf8')));
    expect(makers.map((f) => path.relative(root, f))).toEqual(['functions/core/jsonSchema.ts']);
  });

  it('turns Ajv errors into issues: dotted field with the missing or extra property, keyword code, Chinese message, once each', () => {
    const v = schemaValidator('https://lianban.local/schemas/intake.schema.json');
    expect(v({ bundleId: 'birth', values: {}, chosenOptional: [], supplied: [{ type: 'x', data: {}, attachments: [{ sha256: 'no' }] }], extra: 1 })).toBe(false);
    const issues = schemaIssues(v.errors);
    expect(issues).toEqual(expect.arrayContaining([
      { field: 'extra', code: 'ADDITIONALPROPERTIES', message: '不支持的字段' },
      { field: 'supplied.0.attachments.0.name', code: 'REQUIRED', message: '缺少必填字段' },
      { field: 'supplied.0.attachments.0.sha256', code: 'PATTERN', message: '格式不正确' },
    ]));
    expect(new Set(issues.map((i) => `${i.field} ${i.code}`)).size).toBe(issues.length);
    for (const i of issues) expect(i.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('free text needs visible characters; too short says so once', () => {
    const v = schemaValidator('https://lianban.local/schemas/field.schema.json');
    expect(v({ key: 'babyName', label: '\u200b\u200b', type: 'text' })).toBe(false);
    expect(schemaIssues(v.errors)).toEqual([{ field: 'label', code: 'NO_VISIBLE_TEXT', message: '没有可见的文字（空格、零宽字符等不可见字符不算内容）' }]);
    expect(v({ key: 'babyName', label: '', type: 'text' })).toBe(false);
    expect(schemaIssues(v.errors)).toEqual([{ field: 'label', code: 'MINLENGTH', message: '不能为空或过短' }]);
  });
});
