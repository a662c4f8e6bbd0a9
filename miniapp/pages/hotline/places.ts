/**
 * The operator's district as the desk needs it (GET /api/hotline/places): the 镇（街道） to pick as the place (short
 * names: 姜山镇) and the departments an order may be given to (转办, 协办, 改派, 三方通话), by name.
 */
import type { ApiClient } from '../../api';
import type { NamedDepartment } from './types';

export interface Places {
  towns: NamedDepartment[];
  departments: NamedDepartment[];
}

export function loadPlaces(api: ApiClient): Promise<Places> {
  return api.get<Places>('/api/hotline/places');
}
