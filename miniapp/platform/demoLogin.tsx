import { useState } from 'preact/hooks';
import { showModal } from '../components/overlay';
import { Tag } from '../components/Tag';
import { roleLabel } from '../lib/roles';
import { departmentOf, districtOf } from '../session';
import type { DemoStaff } from './browser';

interface Group {
  district: string;
  departments: { name: string; staff: DemoStaff[] }[];
}

/** Staff grouped by district, then department, in the order the directory lists them. */
export function groupStaff(staff: DemoStaff[]): Group[] {
  const groups: Group[] = [];
  staff.forEach((s) => {
    const district = districtOf(s) || '—';
    const department = departmentOf(s) || '—';
    let g = groups.filter((x) => x.district === district)[0];
    if (!g) groups.push((g = { district, departments: [] }));
    let d = g.departments.filter((x) => x.name === department)[0];
    if (!d) g.departments.push((d = { name: department, staff: [] }));
    d.staff.push(s);
  });
  return groups;
}

/** Whether every word of the query is in the person's name, district, department, role titles or id. */
export function matchesStaff(s: DemoStaff, query: string): boolean {
  const text = [s.name, districtOf(s), departmentOf(s), (s.roles || []).map(roleLabel).join(' '), s.id].join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => text.indexOf(w) >= 0);
}

function DemoLoginSheet(props: { staff: DemoStaff[]; onDone: (id: string | null) => void }) {
  const [query, setQuery] = useState('');
  const shown = groupStaff(props.staff.filter((s) => matchesStaff(s, query)));
  return (
    <div class="lb-mask lb-mask--sheet" data-testid="picker">
      <div class="lb-sheet lb-sheet--tall" role="dialog" aria-modal="true" aria-label="选择演示账号登录">
        <div class="lb-sheet__head">
          <button type="button" class="lb-sheet__link" data-testid="picker-cancel" onClick={() => props.onDone(null)}>
            取消
          </button>
          <span class="lb-sheet__title">选择演示账号登录</span>
          <span class="lb-sheet__link" />
        </div>
        <input
          class="lb-search"
          type="search"
          placeholder="搜索姓名、部门或角色（如 签章人、审计）"
          value={query}
          data-testid="picker-search"
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
        <div class="lb-sheet__list">
          {shown.length ? (
            shown.map((g) => (
              <div key={g.district} data-testid="login-district">
                <div class="lb-login-group">{g.district}</div>
                {g.departments.map((d) => (
                  <div key={d.name} data-testid="login-department">
                    <div class="lb-login-dept">{d.name}</div>
                    {d.staff.map((s) => (
                      <button type="button" key={s.id} class="lb-pick" data-testid={'picker-item-' + s.id} onClick={() => props.onDone(s.id)}>
                        <span class="lb-pick__text">
                          <span class="lb-pick__title">
                            {s.name + ' '}
                            {(s.roles || []).map((r) => (
                              <Tag key={r} tone="blue">
                                {roleLabel(r)}
                              </Tag>
                            ))}
                          </span>
                        </span>
                      </button>
                    ))}
                  </div>
                ))}
              </div>
            ))
          ) : (
            <div class="lb-empty lb-empty--small">没有匹配的人员</div>
          )}
        </div>
      </div>
    </div>
  );
}

/** The browser platform's demo login: every seeded staff member by district and department, with roles; searchable. */
export function chooseDemoStaff(staff: DemoStaff[]): Promise<string | null> {
  return showModal<string | null>((done) => <DemoLoginSheet staff={staff} onDone={done} />);
}
