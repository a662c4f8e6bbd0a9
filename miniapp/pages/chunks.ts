/**
 * The page chunks: each is built from its entry (scripts/build/miniapp.ts) into its own IIFE,
 * `page-<name>.<hash>.js`, shared by every platform, which the shell loads by script tag when the router
 * first needs one of its pages (shell/chunks.ts). A chunk gets preact and every module the shell bundle
 * holds from the shell (`window.__lianban`); what the shell lacks it carries itself.
 * The route table (`pages/index.ts`) names the chunk of each page.
 */
export const PAGE_CHUNKS = {
  todo: 'miniapp/pages/todo.tsx',
  subtask: 'miniapp/pages/subtask.tsx',
  intake: 'miniapp/pages/intake.tsx',
  case: 'miniapp/pages/case.tsx',
  acceptance: 'miniapp/pages/acceptance/page.tsx',
  cases: 'miniapp/pages/cases.tsx',
  archive: 'miniapp/pages/archive.tsx',
  supervise: 'miniapp/pages/supervise.tsx',
  audit: 'miniapp/pages/audit.tsx',
  stats: 'miniapp/pages/stats/page.tsx',
  rating: 'miniapp/pages/rating/page.tsx',
  hotline: 'miniapp/pages/hotline/page.tsx',
  me: 'miniapp/shell/ProfilePage.tsx',
  adminDirectory: 'miniapp/pages/directory/page.tsx',
  adminBundles: 'miniapp/pages/admin/bundles.tsx',
  adminEditor: 'miniapp/pages/admin/editor.tsx',
  adminHotlineCatalog: 'miniapp/pages/admin/hotlineCatalog.tsx',
};

export type PageChunk = keyof typeof PAGE_CHUNKS;

/** The chunk the initial download includes: home of handlers and signers, the first 待办 list. */
export const HOME_CHUNK: PageChunk = 'todo';
