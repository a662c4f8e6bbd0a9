/**
 * The bundles and their items by name, which the directory answer does not carry: GET /api/admin/bundles, then each
 * bundle's current (else newest) version for its items' names; where that is not possible, the district's bundles
 * of GET /api/bundles. Seals, delegations and joins show names from it, never item ids.
 */
import type { ApiClient } from '../../api';
import type { BundleRef, NamedItem } from './types';

interface AdminBundleList {
  bundles: { id: string; name: string; current: number | null; versions: { version: number }[] }[];
}

/** GET …/versions/:v answers `{bundleId, version, rowVersion, doc: {bundle, …}, issues, graph}`. */
interface VersionView {
  doc: { bundle: { name?: string; items?: NamedItem[] } };
}

async function fromAdmin(api: ApiClient): Promise<BundleRef[]> {
  const list = await api.get<AdminBundleList>('/api/admin/bundles');
  return Promise.all(
    list.bundles.map(async (b) => {
      const v = b.current !== null ? b.current : Math.max.apply(null, b.versions.map((x) => x.version).concat([0]));
      if (!v) return { id: b.id, name: b.name, items: [] };
      try {
        const view = await api.get<VersionView>('/api/admin/bundles/' + encodeURIComponent(b.id) + '/versions/' + v);
        return { id: b.id, name: b.name, items: (view.doc.bundle.items || []).map((i) => ({ id: i.id, name: i.name, department: i.department })) };
      } catch {
        return { id: b.id, name: b.name, items: [] };
      }
    }),
  );
}

export async function loadBundleNames(api: ApiClient): Promise<BundleRef[]> {
  try {
    return await fromAdmin(api);
  } catch {
    try {
      const r = await api.get<{ bundles: BundleRef[] }>('/api/bundles');
      return r.bundles.map((b) => ({ id: b.id, name: b.name, items: (b.items || []).map((i) => ({ id: i.id, name: i.name, department: i.department })) }));
    } catch {
      return [];
    }
  }
}
