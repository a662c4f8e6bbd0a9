/**
 * The seed's 热线事项目录 (81812345 hotline catalog, issue 15): 27 classes and 365 items, as the seed district's
 * 公共事务受理中心 took over 29 department hotlines and 365 service lines. Seeded (scripts/seed) as version 1 of
 * each hotline district's catalog (store/hotlineCatalog.ts); from then on admins maintain it
 * (热线事项目录 page, PUT /api/admin/hotline/catalog). Data only.
 */
import type { HotlineClass } from '../../core/workOrder.js';
import { cityClasses } from './cityClasses.js';
import { peopleClasses } from './peopleClasses.js';
import { publicClasses } from './publicClasses.js';
import { serviceClasses } from './serviceClasses.js';
import { utilityClasses } from './utilityClasses.js';

export const hotlineCatalogSeed: HotlineClass[] = [...cityClasses, ...utilityClasses, ...peopleClasses, ...publicClasses, ...serviceClasses];

/** District ids (directorySeed) whose 公共事务受理中心 runs the hotline: each gets the catalog above. */
export const hotlineDistricts = ['yinzhou', 'haishu'];
