/**
 * Service points (服务点) of the seed: town (镇/街道) 便民服务中心 and village (村/社区) 代办点 under their district
 * ("小事不出村、大事不出镇"). A town centre accepts any case of its district like the district hall (全区通办) and
 * holds a 审批专用章 whose scope is its 赋权事项清单: the items devolved to it, each classed 行政权力事项 (power) or
 * 公共服务事项 (publicService). The seed district's list has 20 power and 5 public-service items; the ones lianban's
 * bundles carry are configured here, and an admin extends a town's scope (名录与配置 → 印章) as bundles gain items.
 * Towns differ: 首南街道 is not empowered for 就业困难人员认定. Data only.
 */
import type { ItemClass } from '../core/directory.js';

interface TownScopeItem {
  ref: string;
  class: ItemClass;
}

interface TownSeed {
  /** Department id (also the prefix of its staff ids). */
  id: string;
  /** District slug (directorySeed's DistrictSeed.id). */
  district: string;
  name: string;
  scope: TownScopeItem[];
  villages: { id: string; name: string }[];
}

/** The items every town centre of the seed is empowered for (赋权). */
const devolved: TownScopeItem[] = [
  { ref: 'marriageBirthHousehold/birthRegistration', class: 'publicService' },
  { ref: 'employment/unemploymentRegistration', class: 'publicService' },
  { ref: 'employment/employmentRegistration', class: 'publicService' },
  { ref: 'employment/hardshipRecognition', class: 'power' },
];

const without = (ref: string): TownScopeItem[] => devolved.filter((i) => i.ref !== ref);

export const townSeeds: TownSeed[] = [
  { id: 'yinzhou-zhonggongmiao', district: 'yinzhou', name: '宁波市鄞州区钟公庙街道便民服务中心', scope: devolved, villages: [{ id: 'yinzhou-zhonggongmiao-tianyu', name: '宁波市鄞州区钟公庙街道天裕社区代办点' }] },
  { id: 'yinzhou-jiangshan', district: 'yinzhou', name: '宁波市鄞州区姜山镇便民服务中心', scope: devolved, villages: [{ id: 'yinzhou-jiangshan-zoumatang', name: '宁波市鄞州区姜山镇走马塘村代办点' }] },
  { id: 'yinzhou-shounan', district: 'yinzhou', name: '宁波市鄞州区首南街道便民服务中心', scope: without('employment/hardshipRecognition'), villages: [] },
  { id: 'haishu-shiqi', district: 'haishu', name: '宁波市海曙区石碶街道便民服务中心', scope: devolved, villages: [] },
  { id: 'haishu-gulin', district: 'haishu', name: '宁波市海曙区古林镇便民服务中心', scope: devolved, villages: [{ id: 'haishu-gulin-xuejia', name: '宁波市海曙区古林镇薛家村代办点' }] },
];
