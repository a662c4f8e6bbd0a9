/**
 * Page registry: import each page module here; a page registers itself with `registerPage` from
 * `../router` (path, title, component, optional `tab` and `roles`). The shell shows a tab only for
 * registered pages with `tab`, so nothing appears before its page exists.
 * Example (in pages/todo.tsx):
 *   registerPage({ path: '/todo', title: '待办', component: TodoPage, tab: { label: '待办', order: 10 } });
 */
export {};
