/**
 * Seed directory: 宁波市 (330200) and five districts — 海曙 330203, 江北 330205, 北仑 330206,
 * 镇海 330211, 鄞州 330212 — with their departments, staff (roles, 浙政钉 accountId, DingTalk
 * userId for the gateway fakes), approval seals with scopes, and the 审管办 window's 集中授权 seal
 * with the delegations that let it sign items other departments authorised. 鄞州, 海曙 and 江北
 * handle 身后一件事 jointly; 北仑 and 镇海 join it by configuration alone (withDistrictJoined). 鄞州 and 海曙 also
 * handle the enterprise bundles (竣工联合验收, "1020" 开工前审批) with their 住建局, 自然资源和规划分局, 综合行政执法局
 * and 水利局 (listed after every other department so that earlier staff keep their generated names and accounts),
 * and every 审管办 holds an approval seal for the 联合验收意见书.
 * The other 人生一件事 (lifeEvents.ts) run in 鄞州 and 海曙, with their 退役军人事务局, 人武部, 教育局, 税务局 and the public
 * utilities (供水, 供电, 燃气, 有线电视), and their town centres and village points (servicePoints.ts).
 * Seal private keys are never here: the store generates and keeps them by keyId. Data only.
 */
import { type Bundle, itemRef, itemSealKinds } from '../core/bundle.js';
import type { Department, DepartmentKind, Directory, District, Role, Seal, Staff } from '../core/directory.js';
import { lifeEventBundles } from './lifeEvents.js';
import { townSeeds } from './servicePoints.js';

export const CITY = { code: '330200', name: '宁波市' };

const departmentKinds: DepartmentKind[] = [
  { id: 'health', name: '卫生健康' },
  { id: 'hospital', name: '助产机构/医院' },
  { id: 'police', name: '公安' },
  { id: 'hrss', name: '人力资源和社会保障' },
  { id: 'medicalInsurance', name: '医疗保障' },
  { id: 'cdc', name: '疾病预防控制' },
  { id: 'civilAffairs', name: '民政（婚姻、收养、殡葬）' },
  { id: 'housingFund', name: '住房公积金' },
  { id: 'serviceCenter', name: '审管办（政务服务中心）' },
  { id: 'bigData', name: '大数据发展' },
  { id: 'housing', name: '住房和城乡建设' },
  { id: 'naturalResources', name: '自然资源和规划' },
  { id: 'lawEnforcement', name: '综合行政执法' },
  { id: 'waterResources', name: '水利' },
  { id: 'veteranAffairs', name: '退役军人事务' },
  { id: 'armedForces', name: '人民武装部' },
  { id: 'education', name: '教育' },
  { id: 'tax', name: '税务' },
  { id: 'waterSupply', name: '供水（公用事业）' },
  { id: 'power', name: '供电（公用事业）' },
  { id: 'gas', name: '燃气（公用事业）' },
  { id: 'cableTv', name: '有线电视（公用事业）' },
  { id: 'townCenter', name: '镇（街道）便民服务中心' },
  { id: 'villagePoint', name: '村（社区）代办点' },
  { id: 'hotlineCenter', name: '公共事务受理中心（81812345）' },
  { id: 'marketRegulation', name: '市场监督管理' },
  { id: 'transport', name: '交通运输' },
  { id: 'ecology', name: '生态环境' },
  { id: 'emergency', name: '应急管理' },
  { id: 'agriculture', name: '农业农村' },
];

interface DistrictSeed {
  id: string;
  code: string;
  name: string;
  short: string;
  hospitals: string[];
  death: boolean;
  /** Handles the enterprise bundles (completionAcceptance, preconstruction). */
  enterprise?: boolean;
  /** Handles the other 人生一件事 (lifeEvents.ts) with its town centres (servicePoints.ts). */
  lifeEvents?: boolean;
}

const districtSeeds: DistrictSeed[] = [
  { id: 'yinzhou', code: '330212', name: '鄞州区', short: '鄞州', hospitals: ['宁波市鄞州区妇幼保健院', '宁波市鄞州区第二医院'], death: true, enterprise: true, lifeEvents: true },
  { id: 'haishu', code: '330203', name: '海曙区', short: '海曙', hospitals: ['宁波市妇女儿童医院'], death: true, enterprise: true, lifeEvents: true },
  { id: 'jiangbei', code: '330205', name: '江北区', short: '江北', hospitals: ['宁波市江北区人民医院'], death: true },
  { id: 'beilun', code: '330206', name: '北仑区', short: '北仑', hospitals: ['宁波市北仑区人民医院'], death: false },
  { id: 'zhenhai', code: '330211', name: '镇海区', short: '镇海', hospitals: ['宁波市镇海区人民医院'], death: false },
];

const enterpriseBundles = ['completionAcceptance', 'preconstruction'];

const districts: District[] = districtSeeds.map((d) => ({
  code: d.code,
  id: d.id,
  name: d.name,
  bundles: [
    ...(d.death ? ['birth', 'death'] : ['birth']),
    ...(d.enterprise ? enterpriseBundles : []),
    ...(d.lifeEvents ? lifeEventBundles.map((b) => b.id) : []),
  ],
}));

function departmentName(kind: string, d: DistrictSeed): string {
  switch (kind) {
    case 'health': return `宁波市${d.name}卫生健康局`;
    case 'police': return `宁波市公安局${d.short}分局`;
    case 'hrss': return `宁波市${d.name}人力资源和社会保障局`;
    case 'medicalInsurance': return `宁波市医疗保障局${d.short}分局`;
    case 'cdc': return `宁波市${d.name}疾病预防控制中心`;
    case 'civilAffairs': return `宁波市${d.name}民政局`;
    case 'housingFund': return `宁波住房公积金管理中心${d.short}分中心`;
    case 'serviceCenter': return `宁波市${d.name}行政审批服务管理办公室`;
    case 'housing': return `宁波市${d.name}住房和城乡建设局`;
    case 'naturalResources': return `宁波市自然资源和规划局${d.short}分局`;
    case 'lawEnforcement': return `宁波市${d.name}综合行政执法局`;
    case 'waterResources': return `宁波市${d.name}水利局`;
    case 'veteranAffairs': return `宁波市${d.name}退役军人事务局`;
    case 'armedForces': return `宁波市${d.name}人民武装部`;
    case 'education': return `宁波市${d.name}教育局`;
    case 'tax': return `国家税务总局宁波市${d.name}税务局`;
    case 'waterSupply': return `宁波市${d.name}自来水有限公司`;
    case 'power': return `国网宁波市${d.name}供电公司`;
    case 'gas': return `宁波市${d.name}燃气有限公司`;
    case 'cableTv': return `华数广电网络宁波市${d.name}分公司`;
    case 'hotlineCenter': return `宁波市${d.name}公共事务受理中心`;
    case 'marketRegulation': return `宁波市${d.name}市场监督管理局`;
    case 'transport': return `宁波市${d.name}交通运输局`;
    case 'ecology': return `宁波市生态环境局${d.short}分局`;
    case 'emergency': return `宁波市${d.name}应急管理局`;
    case 'agriculture': return `宁波市${d.name}农业农村局`;
    default: return `${d.name}${kind}`;
  }
}

const districtKinds = ['health', 'police', 'hrss', 'medicalInsurance', 'cdc', 'civilAffairs', 'housingFund', 'serviceCenter'];

/** Department kinds of the enterprise bundles, in the districts that handle them. */
const enterpriseKinds = ['housing', 'naturalResources', 'lawEnforcement', 'waterResources'];

/** Department kinds the other 人生一件事 add (住建 and 自然资源 come with the enterprise bundles), and the public utilities. */
const lifeEventKinds = ['veteranAffairs', 'armedForces', 'education', 'tax', 'waterSupply', 'power', 'gas', 'cableTv'];

/**
 * 81812345 热线 (issue 15): the 公共事务受理中心 (hotline centre, its 话务员 record work orders) and the handling
 * departments the hotline catalog (hotline/) transfers to that no bundle needs, in the districts that handle the
 * other 人生一件事. Their staff are generated after everyone else (hotlineStaff), so earlier staff keep theirs.
 */
const hotlineKinds = ['hotlineCenter', 'marketRegulation', 'transport', 'ecology', 'emergency', 'agriculture'];

const districtIdToCode = new Map(districtSeeds.map((d) => [d.id, d.code]));

const hotlineDepartments: Department[] = districtSeeds.filter((d) => d.lifeEvents).flatMap((d) =>
  hotlineKinds.map((kind) => ({ id: `${d.id}-${kind}`, district: d.code, kind, name: departmentName(kind, d) })),
);

const departments: Department[] = [
  { id: 'ningbo-bigdata', district: CITY.code, kind: 'bigData', name: '宁波市大数据发展管理局' },
  ...districtSeeds.flatMap((d) => [
    ...districtKinds.map((kind) => ({ id: `${d.id}-${kind}`, district: d.code, kind, name: departmentName(kind, d) })),
    ...d.hospitals.map((name, i) => ({ id: `${d.id}-hospital${i + 1}`, district: d.code, kind: 'hospital', name })),
  ]),
  ...districtSeeds.filter((d) => d.enterprise).flatMap((d) =>
    enterpriseKinds.map((kind) => ({ id: `${d.id}-${kind}`, district: d.code, kind, name: departmentName(kind, d) })),
  ),
  // Listed last, like the enterprise departments, so that earlier staff keep their generated names and accounts.
  ...districtSeeds.filter((d) => d.lifeEvents).flatMap((d) =>
    lifeEventKinds.map((kind) => ({ id: `${d.id}-${kind}`, district: d.code, kind, name: departmentName(kind, d) })),
  ),
  ...townSeeds.flatMap((t): Department[] => {
    const district = districtIdToCode.get(t.district) ?? t.district;
    return [
      { id: t.id, district, kind: 'townCenter', name: t.name, servicePoint: { level: 'town' } },
      ...t.villages.map((v): Department => ({ id: v.id, district, kind: 'villagePoint', name: v.name, servicePoint: { level: 'village', town: t.id } })),
    ];
  }),
  ...hotlineDepartments,
];

/** Items each department kind signs with its own approval seal: the list below, plus every item of the other 人生一件事 of that kind. */
const listedItemsByKind: Record<string, string[]> = {
  hospital: ['birth/birthCertificate'],
  health: ['death/deathCertificate'],
  police: ['birth/householdRegistration', 'death/householdCancellation'],
  hrss: ['birth/socialSecurityCardApplication', 'death/pensionSettlement'],
  medicalInsurance: ['birth/medicalInsuranceEnrollment', 'birth/maternityReimbursement', 'death/medicalAccountSettlement'],
  cdc: ['birth/vaccinationCertificate'],
  civilAffairs: ['death/cremation'],
  housingFund: ['death/housingFundWithdrawal'],
  housing: ['completionAcceptance/housingAcceptance', 'preconstruction/drawingReview', 'preconstruction/constructionApproval'],
  naturalResources: ['completionAcceptance/planningVerification', 'preconstruction/planningApproval'],
  lawEnforcement: ['completionAcceptance/enforcementAcceptance', 'preconstruction/wasteDisposal'],
  waterResources: ['completionAcceptance/waterConservationCheck'],
};

/** Every approval-sealed item of a bundle, by department kind (town centres' scopes are their own, servicePoints.ts). */
function approvalItemsByKind(list: readonly Bundle[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const b of list) {
    for (const item of b.items) {
      if (item.department === 'townCenter' || !itemSealKinds(item).includes('approval')) continue;
      (out[item.department] ??= []).push(itemRef(b.id, item.id));
    }
  }
  return out;
}

const lifeEventItemsByKind = approvalItemsByKind(lifeEventBundles);
const itemsByKind: Record<string, string[]> = Object.fromEntries(
  [...new Set([...Object.keys(listedItemsByKind), ...Object.keys(lifeEventItemsByKind)])].map((k) => [k, [...(listedItemsByKind[k] ?? []), ...(lifeEventItemsByKind[k] ?? [])]]),
);

/** Items the 审管办 signs in its own right (its 审批专用章), beside the 集中授权 seal. */
const serviceCenterItems = ['completionAcceptance/jointOpinion'];

/** 集中授权: items the 审管办 window handles and signs for the owning department. */
const delegatedByKind: Record<string, string[]> = {
  medicalInsurance: ['birth/medicalInsuranceEnrollment'],
  housingFund: ['death/housingFundWithdrawal'],
};

/**
 * 集中授权 of the other 人生一件事: the ten departments that authorise the 审管办 window, in the districts that handle
 * them, for every item of theirs that allows a delegated seal (the item's `seals`).
 */
const delegatingKinds = ['hrss', 'medicalInsurance', 'housingFund', 'civilAffairs', 'veteranAffairs', 'education', 'naturalResources', 'housing', 'tax', 'police'];

function delegatedItems(kind: string, d: DistrictSeed): string[] {
  const listed = delegatedByKind[kind] ?? [];
  if (!d.lifeEvents) return listed;
  const more = lifeEventBundles.flatMap((b) => b.items.filter((i) => i.department === kind && itemSealKinds(i).includes('delegated')).map((i) => itemRef(b.id, i.id)));
  return [...listed, ...more];
}

const seals: Seal[] = departments.flatMap((dep): Seal[] => {
  const town = townSeeds.find((t) => t.id === dep.id);
  if (town) {
    return [{
      id: `${dep.id}-seal`, name: `${dep.name}审批专用章`, department: dep.id, kind: 'approval',
      scope: town.scope.map((i) => i.ref), scopeClasses: Object.fromEntries(town.scope.map((i) => [i.ref, i.class])), keyId: `${dep.id}-seal-ed25519`,
    }];
  }
  const scope = itemsByKind[dep.kind];
  if (scope) return [{ id: `${dep.id}-seal`, name: `${dep.name}审批专用章`, department: dep.id, kind: 'approval', scope, keyId: `${dep.id}-seal-ed25519` }];
  if (dep.kind === 'serviceCenter') {
    return [
      { id: `${dep.id}-delegated-seal`, name: `${dep.name}集中授权审批专用章`, department: dep.id, kind: 'delegated', scope: [], keyId: `${dep.id}-delegated-seal-ed25519` },
      { id: `${dep.id}-seal`, name: `${dep.name}审批专用章`, department: dep.id, kind: 'approval', scope: serviceCenterItems, keyId: `${dep.id}-seal-ed25519` },
    ];
  }
  return [];
});

const delegations = districtSeeds.flatMap((d) =>
  [...new Set([...Object.keys(delegatedByKind), ...(d.lifeEvents ? delegatingKinds : [])])]
    .map((kind) => ({ kind, items: delegatedItems(kind, d) }))
    .filter(({ items }) => items.length > 0)
    .map(({ kind, items }) => ({
      id: `${d.id}-${kind}-to-serviceCenter`,
      fromDepartment: `${d.id}-${kind}`,
      toDepartment: `${d.id}-serviceCenter`,
      items,
      sealId: `${d.id}-serviceCenter-delegated-seal`,
    })),
);

// Deterministic, obviously fictional staff names.
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑'];
const givenNames = ['晓明', '丽华', '建国', '海燕', '志强', '秀英', '文斌', '静怡', '国平', '雪梅', '宏伟', '春燕', '立新', '玉兰', '俊杰', '佳琪'];

let serial = 0;
function person(id: string, district: string, department: string, roles: Role[]): Staff {
  const n = serial++;
  return {
    id,
    name: surnames[n % surnames.length] + givenNames[Math.floor(n / surnames.length) % givenNames.length],
    district,
    department,
    roles,
    zzdAccountId: String(71000000 + n * 37),
    dingtalkUserId: `dt${(1000003 + n * 7919).toString(36)}`,
  };
}

function staffFor(dep: Department): Staff[] {
  const p = (suffix: string, roles: Role[]) => person(`${dep.id}-${suffix}`, dep.district, dep.id, roles);
  if (dep.kind === 'bigData') return [p('admin1', ['admin'])];
  if (dep.kind === 'serviceCenter') {
    return [
      p('clerk1', ['clerk']),
      p('clerk2', ['clerk']),
      p('supervisor1', ['supervisor']),
      p('admin1', ['admin']),
      p('auditor1', ['auditor']),
      p('handler1', ['handler']),
      p('signer1', ['signer', 'handler']),
      p('signer2', ['signer']),
    ];
  }
  // 镇（街道）便民服务中心: its own window clerks, handlers and signers; 村（社区）代办点: 代办员 who apply for villagers.
  if (dep.kind === 'townCenter') return [p('clerk1', ['clerk']), p('clerk2', ['clerk']), p('handler1', ['handler']), p('signer1', ['signer']), p('signer2', ['signer'])];
  if (dep.kind === 'villagePoint') return [p('agent1', ['clerk']), p('agent2', ['clerk'])];
  return [p('handler1', ['handler']), p('handler2', ['handler']), p('signer1', ['signer']), p('signer2', ['signer'])];
}

const departmentStaff: Staff[] = departments.filter((dep) => !hotlineDepartments.includes(dep)).flatMap(staffFor);

/**
 * 领导 (statistics only): one per district's 审管办 and one for the city at the 大数据局 — generated after everyone else,
 * so that earlier staff keep their generated names and accounts.
 */
const leaders: Staff[] = [
  ...districtSeeds.map((d) => person(`${d.id}-serviceCenter-leader1`, d.code, `${d.id}-serviceCenter`, ['leader'])),
  person('ningbo-bigdata-leader1', CITY.code, 'ningbo-bigdata', ['leader']),
];

/** 公共事务受理中心: three 话务员 (operators); every other hotline department: two handlers (经办人). */
function hotlineStaffFor(dep: Department): Staff[] {
  const p = (suffix: string, roles: Role[]) => person(`${dep.id}-${suffix}`, dep.district, dep.id, roles);
  if (dep.kind === 'hotlineCenter') return [p('operator1', ['operator']), p('operator2', ['operator']), p('operator3', ['operator'])];
  return [p('handler1', ['handler']), p('handler2', ['handler'])];
}

const hotlineStaff: Staff[] = hotlineDepartments.flatMap(hotlineStaffFor);

const staff: Staff[] = [...departmentStaff, ...leaders, ...hotlineStaff];

export const seedDirectory: Directory = {
  city: CITY,
  departmentKinds,
  districts,
  departments,
  staff,
  seals,
  delegations,
};
