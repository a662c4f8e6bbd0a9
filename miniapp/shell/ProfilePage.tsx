import { useApp } from '../app/context';
import { Card, InfoRow } from '../components/Card';
import { Button } from '../components/Button';
import { Tag } from '../components/Tag';
import { roleLabel } from '../lib/roles';
import { navigate, providePage } from '../router';
import { departmentOf, districtOf } from '../session';

const PLATFORM_LABELS = { zzd: '浙政钉', dingtalk: '钉钉', local: '本地演示' };

/** 我的: who is logged in — name, department, district, roles. */
function ProfilePage() {
  const { staff, platform, logout } = useApp();
  return (
    <div class="lb-page" data-testid="page-me">
      <Card testid="staff-card" title={<span data-testid="staff-name">{staff.name}</span>} extra={<Tag tone="blue">{PLATFORM_LABELS[platform.name]}</Tag>}>
        <InfoRow label="部门" testid="staff-department">
          {departmentOf(staff) || '—'}
        </InfoRow>
        <InfoRow label="区县" testid="staff-district">
          {districtOf(staff) || '—'}
        </InfoRow>
        <InfoRow label="角色" testid="staff-roles">
          {staff.roles.length ? (
            staff.roles.map((r) => (
              <Tag key={r} tone="blue">
                {roleLabel(r)}
              </Tag>
            ))
          ) : (
            '—'
          )}
        </InfoRow>
      </Card>
      {staff.roles.indexOf('auditor') >= 0 ? (
        <div class="lb-page__pad">
          <Button block testid="me-audit" onClick={() => navigate('/audit')}>
            审计记录查询
          </Button>
        </div>
      ) : null}
      <div class="lb-page__pad">
        <Button block testid="logout" onClick={logout}>
          {platform.name === 'local' ? '切换账号' : '退出登录'}
        </Button>
      </div>
    </div>
  );
}

providePage('/me', ProfilePage);
