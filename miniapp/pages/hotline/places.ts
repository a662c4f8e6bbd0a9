/**
 * The operator's district as the desk needs it: the 镇（街道） to pick (town service points) and the departments
 * that can be given an order (协办; a town centre too). No hotline route lists them, so they are read from GET /api/contacts
 * (the district's handlers and signers with their department names): a department with staff to receive work,
 * a town centre named 「…镇／街道／乡便民服务中心」.
 */
import type { ApiClient } from '../../api';
import type { NamedDepartment } from './types';

export interface Places {
  towns: NamedDepartment[];
  departments: NamedDepartment[];
}

const TOWN_CENTRE = /(镇|街道|乡)便民服务中心$/;

/** 宁波市鄞州区姜山镇便民服务中心 → 姜山镇 (the district is fixed on the form). */
function townLabel(name: string, districtName: string): string {
  const at = districtName ? name.indexOf(districtName) : -1;
  const rest = at >= 0 ? name.slice(at + districtName.length) : name;
  return rest.replace(/便民服务中心$/, '');
}

export async function loadPlaces(api: ApiClient, district: string, districtName: string): Promise<Places> {
  const res = await api.get<{ staff: { department: string; departmentName: string }[] }>('/api/contacts', { district });
  const seen: Record<string, string> = {};
  res.staff.forEach((s) => (seen[s.department] = s.departmentName));
  const all = Object.keys(seen).map((id) => ({ id, name: seen[id] }));
  const byName = (a: NamedDepartment, b: NamedDepartment) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    towns: all.filter((d) => TOWN_CENTRE.test(d.name)).map((d) => ({ id: d.id, name: townLabel(d.name, districtName) })).sort(byName),
    departments: all.filter((d) => !/代办点$/.test(d.name)).sort(byName),
  };
}
