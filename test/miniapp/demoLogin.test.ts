import { describe, expect, it } from 'vitest';
import { groupStaff, matchesStaff } from '../../miniapp/platform/demoLogin';

const staff = [
  { id: 'yinzhou-police-signer1', name: '赵晓明', districtName: '鄞州区', departmentName: '宁波市公安局鄞州分局', roles: ['signer'] },
  { id: 'haishu-police-handler1', name: '钱晓明', districtName: '海曙区', departmentName: '宁波市公安局海曙分局', roles: ['handler'] },
  { id: 'yinzhou-serviceCenter-clerk1', name: '周丽华', districtName: '鄞州区', departmentName: '宁波市鄞州区行政审批服务管理办公室', roles: ['clerk'] },
  { id: 'yinzhou-police-handler1', name: '杨晓明', districtName: '鄞州区', departmentName: '宁波市公安局鄞州分局', roles: ['handler'] },
];

describe('demo login list', () => {
  it('groups staff by district, then department, in directory order', () => {
    const groups = groupStaff(staff);
    expect(groups.map((g) => g.district)).toEqual(['鄞州区', '海曙区']);
    expect(groups[0].departments.map((d) => [d.name, d.staff.map((s) => s.name)])).toEqual([
      ['宁波市公安局鄞州分局', ['赵晓明', '杨晓明']],
      ['宁波市鄞州区行政审批服务管理办公室', ['周丽华']],
    ]);
  });

  it('finds by name, department, district, role title or id; every word must match', () => {
    const find = (q: string) => staff.filter((s) => matchesStaff(s, q)).map((s) => s.name);
    expect(find('周丽华')).toEqual(['周丽华']);
    expect(find('公安 签章人')).toEqual(['赵晓明']);
    expect(find('海曙')).toEqual(['钱晓明']);
    expect(find('窗口受理')).toEqual(['周丽华']);
    expect(find('clerk1')).toEqual(['周丽华']);
    expect(find('')).toHaveLength(4);
  });
});
