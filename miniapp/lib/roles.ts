/** Staff roles as the server names them, with the titles users know (DESIGN: Who uses it). */
const ROLE_LABELS: Record<string, string> = {
  clerk: '窗口受理',
  handler: '部门经办',
  signer: '签章人',
  liaison: '部门联络员',
  supervisor: '督办',
  admin: '管理员',
  auditor: '审计',
  leader: '领导',
  operator: '热线话务员',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] || role;
}
