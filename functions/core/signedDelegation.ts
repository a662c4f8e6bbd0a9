/**
 * 集中授权 as a signature records it: a sub-task signed at the 审管办 window under a delegation names the delegating
 * department, the window and the delegation, with their names as they stood when it was signed — signed with the
 * outputs (core signing.ts payload version 3), so an archive and an offline check can say on whose authority the
 * window signed without the directory. Pure and tiny: the mini-app renders the same line.
 */

export interface SignedDelegation {
  /** The delegation's id (授权编号). */
  id: string;
  /** The delegating department (the sub-task's own) and its name. */
  fromDepartment: string;
  fromDepartmentName: string;
  /** The window that signed under it and its name. */
  toDepartment: string;
  toDepartmentName: string;
}

/** "集中授权：<delegating department> 授权 <window> 签署（授权编号 …）". */
export function delegationText(d: Pick<SignedDelegation, 'id' | 'fromDepartmentName' | 'toDepartmentName'>): string {
  return `集中授权：${d.fromDepartmentName} 授权 ${d.toDepartmentName} 签署（授权编号 ${d.id}）`;
}
