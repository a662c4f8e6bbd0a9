/**
 * Page registry: import each page module here; a page registers itself with `registerPage` from
 * `../router` (path, title, component, optional `tab` and `roles`). The shell shows a tab only for
 * registered pages with `tab`, so nothing appears before its page exists.
 *   待办 /todo (handler, signer) · 受理 /intake (clerk) · 督办 /supervise (supervisor) ·
 *   档案 /archive (clerk, auditor) · 子任务 /subtasks/:caseId/:itemId · 办件进度 /cases/:caseId
 */
import './todo';
import './intake';
import './supervise';
import './archive';
import './subtask';
import './case';
