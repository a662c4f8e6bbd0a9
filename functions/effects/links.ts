// Links a notice or to-do opens: pages of the mini-app (hash routes), under its public URL.
// The platform adapters wrap them into 浙政钉 / DingTalk container deep links where needed.

/** The mini-app's public URL from LIANBAN_APP_URL; in local mode npm start's default mini-app origin. */
export function appUrlFromEnv(env: Record<string, string | undefined>): string | null {
  const configured = env.LIANBAN_APP_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  return env.LIANBAN_MODE === 'local' ? 'http://127.0.0.1:8080' : null;
}

export function subTaskLink(appUrl: string, caseId: string, itemId: string): string {
  return `${appUrl}/#/subtasks/${encodeURIComponent(caseId)}/${encodeURIComponent(itemId)}`;
}

export function caseLink(appUrl: string, caseId: string): string {
  return `${appUrl}/#/cases/${encodeURIComponent(caseId)}`;
}
