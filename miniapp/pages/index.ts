/**
 * The route table, in the shell bundle: every page with its path, title, tab, roles and the chunk
 * (`chunks.ts`) that holds its component. The shell shows a tab only for registered pages with `tab`
 * the user's roles allow, and loads a page's chunk when the route is first opened.
 */
import { registerPage } from '../router';

// 待办 is home for department staff; window clerks see it for their 待补正 list but open on 受理
registerPage({ path: '/todo', title: '待办', chunk: 'todo', tab: { label: '待办', order: 10, icon: '办', homeRoles: ['handler', 'signer'] }, roles: ['handler', 'signer', 'clerk'] });
registerPage({ path: '/intake', title: '受理', chunk: 'intake', tab: { label: '受理', order: 20, icon: '受' }, roles: ['clerk'] });
registerPage({ path: '/cases', title: '办件查询', chunk: 'cases', tab: { label: '办件', order: 25, icon: '查', homeRoles: [] }, roles: ['clerk', 'supervisor'] });
registerPage({ path: '/supervise', title: '督办', chunk: 'supervise', tab: { label: '督办', order: 30, icon: '督' }, roles: ['supervisor'] });
// 统计 (issue 14): supervisors, auditors and leaders; a leader's home and only work tab
registerPage({ path: '/stats', title: '统计', chunk: 'stats', tab: { label: '统计', order: 32, icon: '统', homeRoles: ['leader'] }, roles: ['supervisor', 'leader', 'auditor'] });
// 差评整改 (issue 14): the department's open rectifications; supervisors see the district's and decide appeals
registerPage({ path: '/rectifications', title: '差评整改', chunk: 'rating', tab: { label: '整改', order: 33, icon: '评', homeRoles: [] }, roles: ['handler', 'signer', 'clerk', 'supervisor'] });
registerPage({ path: '/rectifications/:caseId/:id', title: '差评整改', chunk: 'rating', roles: ['handler', 'signer', 'clerk', 'supervisor'] });
// 81812345 热线 (issue 15): the operator's desk (an operator's home), the department's 热线工单, the supervisor's
// 热线督办 (reached from 督办), and the order page
registerPage({ path: '/hotline', title: '热线受理台', chunk: 'hotline', tab: { label: '热线受理', order: 5, icon: '话', homeRoles: ['operator'] }, roles: ['operator'] });
registerPage({ path: '/hotline/work', title: '热线工单', chunk: 'hotline', tab: { label: '热线', order: 12, icon: '热', homeRoles: [] }, roles: ['handler', 'signer'] });
registerPage({ path: '/hotline/supervise', title: '热线督办', chunk: 'hotline', roles: ['supervisor'] });
registerPage({ path: '/hotline/orders/:id', title: '热线工单', chunk: 'hotline', roles: ['operator', 'handler', 'signer', 'supervisor', 'leader', 'auditor'] });
registerPage({ path: '/audit', title: '审计', chunk: 'audit', tab: { label: '审计', order: 35, icon: '审' }, roles: ['auditor'] });
registerPage({ path: '/archive', title: '电子档案', chunk: 'archive', tab: { label: '档案', order: 40, icon: '档' }, roles: ['clerk', 'auditor'] });
// 一件事配置 (admins; auditors read only): the bundle list and its version editor, desktop-first
registerPage({ path: '/admin/bundles', title: '一件事配置', chunk: 'adminBundles', tab: { label: '配置', order: 50, icon: '配' }, roles: ['admin', 'auditor'] });
registerPage({ path: '/admin/bundles/:bundleId/:version', title: '一件事版本', chunk: 'adminEditor', roles: ['admin', 'auditor'] });
// 名录与配置 (admins; auditors read only): departments, staff, seals, 集中授权, joins, calendar, change records
registerPage({ path: '/admin/directory', title: '名录与配置', chunk: 'adminDirectory', roles: ['admin', 'auditor'] });
// 热线事项目录 (issue 15; admins, auditors read only): the 81812345 catalog's classes and items
registerPage({ path: '/admin/hotline', title: '热线事项目录', chunk: 'adminHotlineCatalog', roles: ['admin', 'auditor'] });
registerPage({ path: '/me', title: '我的', chunk: 'me', tab: { label: '我的', order: 100, icon: '我' } });
registerPage({ path: '/subtasks/:caseId/:itemId', title: '子任务详情', chunk: 'subtask' });
registerPage({ path: '/cases/:caseId', title: '办件进度', chunk: 'case' });
registerPage({ path: '/cases/:caseId/acceptance', title: '联合验收', chunk: 'acceptance' });
registerPage({ path: '/audit/:caseId', title: '审计记录', chunk: 'audit', roles: ['auditor', 'supervisor'] });
