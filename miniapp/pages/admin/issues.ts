/**
 * Where a validation issue belongs in the editor: each control claims the issues whose `field` is its path
 * (items.2.fields); a card then shows what is left under its prefix, and the summary lists everything with
 * the place it concerns in words (事项 3「…」 · 所需字段).
 */
import type { Bundle, Issue } from './types';

export class IssueIndex {
  private readonly claimed: Record<string, boolean> = {};
  constructor(readonly all: Issue[]) {}

  /** The messages of exactly this path (and of a property the schema found missing or extra under it). */
  near(path: string): string | null {
    this.claimed[path] = true;
    const mine = this.all.filter((i) => i.field === path).map((i) => i.message);
    return mine.length ? mine.join('；') : null;
  }

  /** Issues under `prefix` (or at it) that nothing has shown yet; they count as shown from now on. */
  rest(prefix: string): Issue[] {
    const left = this.all.filter((i) => {
      const f = i.field || '';
      return (f === prefix || f.indexOf(prefix + '.') === 0) && !this.claimed[f];
    });
    left.forEach((i) => (this.claimed[i.field || ''] = true));
    return left;
  }
}

const TOP: Record<string, string> = {
  id: '编码',
  name: '名称',
  version: '版本',
  description: '说明',
  leadDepartment: '牵头部门',
  promisedDays: '承诺时限',
  fields: '一表字段',
  materials: '材料',
  intakeMaterials: '受理时提交的材料',
  items: '事项',
  eligibility: '申请条件',
  subjects: '档案主体',
};

const PART: Record<string, string> = {
  id: '编码',
  key: '编码',
  name: '名称',
  label: '名称',
  type: '类型',
  department: '承办部门',
  routing: '分派规则',
  required: '必办',
  fields: '字段',
  inputs: '输入材料',
  outputs: '出具材料',
  timeLimitDays: '承诺时限',
  warnRemainingDays: '预警天数',
  countersign: '会签',
  seals: '印章类型',
  identity: '身份要素',
  purpose: '用途',
  options: '选项',
  requiredWhen: '条件必填',
  hint: '提示',
  material: '材料',
  idField: '身份证字段',
  source: '来源',
};

/** The place an issue path names, in words: `items.2.inputs.0.purpose` → 事项 3「出生医学证明」 · 输入材料 1 · 用途. */
export function placeOf(path: string | undefined, bundle: Partial<Bundle>): string {
  if (!path) return '整体';
  const parts = path.split('.');
  const words: string[] = [TOP[parts[0]] || parts[0]];
  const n = Number(parts[1]);
  if (parts.length > 1 && String(n) === parts[1]) {
    const list = (bundle as Record<string, unknown>)[parts[0]];
    const entry = Array.isArray(list) ? (list[n] as Record<string, unknown> | undefined) : undefined;
    const name = entry ? entry.name || entry.label || entry.key || entry.id : null;
    words[0] = words[0] + ' ' + (n + 1) + (typeof name === 'string' && name ? '「' + name + '」' : '');
  } else if (parts.length > 1) words.push(PART[parts[1]] || parts[1]);
  for (let i = 2; i < parts.length; i++) {
    const k = Number(parts[i]);
    if (String(k) === parts[i]) words[words.length - 1] += ' ' + (k + 1);
    else words.push(PART[parts[i]] || parts[i]);
  }
  return words.join(' · ');
}
