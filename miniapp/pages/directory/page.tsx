/**
 * 名录与配置 (`/admin/directory`, admins and auditors): the district's departments and staff, seals, 集中授权,
 * the bundles it takes part in, the city's calendar and the hall's opening hours, and the change records. One
 * GET /api/admin/directory feeds every section; the city admin and auditors pick the district. Auditors (and
 * admins looking at another scope) read only: no edit buttons anywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Select } from '../../components/Form';
import { ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';
import { navigate, providePage, registeredPages, type PageProps } from '../../router';
import { loadBundleNames } from './bundleNames';
import { CalendarSection } from './calendar';
import { ChangesSection } from './changes';
import { DelegationsSection } from './delegations';
import { DepartmentsSection } from './departments';
import { HoursSection } from './hours';
import { JoinsSection } from './joins';
import { SealsSection } from './seals';
import { DirectoryContext, ReadOnlyNote, type DirectoryView } from './shared';
import { StaffSection } from './staff';
import type { AdminDirectory } from './types';

const SECTIONS = [
  { key: 'staff', label: '部门与人员' },
  { key: 'seals', label: '印章' },
  { key: 'delegations', label: '集中授权' },
  { key: 'joins', label: '参与一件事' },
  { key: 'calendar', label: '日历与开放时间' },
  { key: 'changes', label: '变更记录' },
];

/** 部门与人员: the departments beside their staff; choosing a department shows only its people. */
function StaffPage() {
  const [department, setDepartment] = useState('');
  const choose = (id: string) => {
    setDepartment(id);
    const staff = document.querySelector('[data-testid="staff"]');
    if (id && staff && window.innerWidth < 900 && staff.scrollIntoView) setTimeout(() => staff.scrollIntoView(), 0);
  };
  return (
    <div class="lb-dir-cols">
      <div>
        <DepartmentsSection selected={department} onSelect={choose} />
      </div>
      <div class="lb-dir-col--wide">
        <StaffSection department={department} onDepartment={setDepartment} />
      </div>
    </div>
  );
}

function Section(props: { name: string; changesScope: string | null; cityLevel: boolean }) {
  switch (props.name) {
    case 'seals':
      return <SealsSection />;
    case 'delegations':
      return <DelegationsSection />;
    case 'joins':
      return props.cityLevel ? <div class="lb-empty lb-empty--small">市级部门不单独参与一件事，请选择区县</div> : <JoinsSection />;
    case 'calendar':
      return (
        <div class="lb-dir-cols">
          <div>
            <CalendarSection />
          </div>
          <div>{props.cityLevel ? null : <HoursSection />}</div>
        </div>
      );
    case 'changes':
      return <ChangesSection scope={props.changesScope} />;
    default:
      return <StaffPage />;
  }
}

/** The shell is wide (desktop-first) while the page is open. */
function useWideShell(): void {
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('lb-wide');
    return () => root.classList.remove('lb-wide');
  }, []);
}

export function DirectoryPage(props: PageProps) {
  const { api, staff } = useApp();
  useWideShell();
  const load = async (): Promise<AdminDirectory> => {
    const both = await Promise.all([api.get<AdminDirectory>('/api/admin/directory'), loadBundleNames(api)]);
    return { ...both[0], bundles: both[1] };
  };
  const loaded = useLoader(load, []);
  const [fresh, setFresh] = useState<AdminDirectory | null>(null);
  const data = fresh || loaded.data;
  const { error, reload } = loaded;
  const [section, setSection] = useState(SECTIONS.some((s) => s.key === props.query.s) ? props.query.s : 'staff');
  const [picked, setPicked] = useState(props.query.d || '');
  const [cityScope, setCityScope] = useState(false);
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const admin = staff.roles.indexOf('admin') >= 0;
  const auditor = !admin;
  const own = staff.districtCode || '';
  const cityAdmin = admin && data.configurable.indexOf(data.city.code) >= 0;
  // the districts, and the city's own departments (市大数据局 …) when the viewer reads them
  const cityLevel = data.departments.some((d) => d.district === data.city.code);
  const districts = data.districts.map((d) => ({ code: d.code, name: d.name })).concat(cityLevel ? [{ code: data.city.code, name: data.city.name + '（市级部门）' }] : []);
  const real = data.districts;
  const district = districts.some((d) => d.code === picked) ? picked : real.some((d) => d.code === own) ? own : real.length ? real[0].code : districts.length ? districts[0].code : '';
  const view: DirectoryView = {
    data,
    district,
    auditor,
    cityAdmin,
    canEdit: admin && data.configurable.indexOf(district) >= 0,
    reload: async () => {
      const next = { ...(await api.get<AdminDirectory>('/api/admin/directory')), bundles: data.bundles };
      setFresh(next);
      return next;
    },
  };
  const districtName = (districts.filter((d) => d.code === district)[0] || { name: '' }).name;
  return (
    <DirectoryContext.Provider value={view}>
      <div class="lb-page lb-dir" data-testid="page-directory" data-read-only={String(!view.canEdit)}>
        <div class="lb-dir-top">
          <div class="lb-dir-top__title">
            {registeredPages().some((p) => p.path === '/admin/bundles') ? (
              <button type="button" class="lb-link lb-dir-linkbtn lb-dir-back" data-testid="directory-back" onClick={() => navigate('/admin/bundles')}>
                ‹ 配置
              </button>
            ) : null}
            {'名录与配置 · ' + (districtName || data.city.name)}
          </div>
          {districts.length > 1 ? (
            <div class="lb-dir-top__pick">
              <span class="lb-dir-top__label">查看区县</span>
              <Select value={district} testid="directory-district" options={districts.map((d) => ({ value: d.code, label: d.name }))} onChange={setPicked} />
            </div>
          ) : null}
        </div>
        <div class="lb-dir-nav" role="tablist">
          {SECTIONS.map((s) => (
            <button
              key={s.key}
              type="button"
              role="tab"
              aria-selected={s.key === section}
              class={'lb-dir-nav__item' + (s.key === section ? ' lb-dir-nav__item--on' : '')}
              data-testid={'section-' + s.key}
              onClick={() => setSection(s.key)}
            >
              {s.label}
            </button>
          ))}
        </div>
        {auditor ? <ReadOnlyNote text="审计只读：您可以查看全部配置和变更记录，不能修改。" /> : !view.canEdit && section !== 'calendar' && section !== 'changes' ? <ReadOnlyNote text={'您只能修改本区县的配置；' + districtName + '的配置仅供查看。'} /> : null}
        {section === 'changes' ? (
          <div class="lb-dir-scope">
            <label class="lb-check lb-dir-check">
              <input type="checkbox" checked={cityScope} data-testid="changes-city" onChange={() => setCityScope(!cityScope)} />
              {' 查看全市配置（工作日历、跨区县一件事）的记录'}
            </label>
          </div>
        ) : null}
        <Section name={section} changesScope={cityScope || district === data.city.code ? null : district} cityLevel={district === data.city.code} />
      </div>
    </DirectoryContext.Provider>
  );
}

providePage('/admin/directory', DirectoryPage);
