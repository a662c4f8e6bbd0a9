// The service's Notifier over the 浙政钉 and DingTalk adapters (functions/platform): work notices (工作通知)
// and to-dos (待办) for staff of the directory.
//
// Which platform: 浙政钉 when it is configured and the person has a 浙政钉 account, else DingTalk when it is
// configured and the person has a DingTalk userid. A person reachable on neither is skipped (logged by
// staff id); a notice with no reachable recipient at all sends nothing.
//
// Idempotency (effects are delivered at least once, and a crash may fall between sending and recording):
// - notices: the effect id is 浙政钉's bizMsgId; the gateway refuses a reused bizMsgId ("重复"), which counts
//   as sent. DingTalk's asyncsend_v2 has no caller id; DingTalk drops the same content to the same user
//   within a day, which is what makes a repeat harmless there.
// - to-dos: the core's to-do id ("caseId/itemId#version") is the platform's business id (浙政钉 bizTaskId,
//   DingTalk sourceId), so a repeated create answers with the to-do already made. The returned platform id
//   names its platform ("zzd:<taskUuid>", "dingtalk:<id>") so the finish goes to the same one.
// - finishing a finished to-do succeeds on both platforms.
import type { Staff } from '../core/directory.js';
import type { Platforms } from '../platform/index.js';
import type { Notifier as PlatformNotifier, PlatformName } from '../platform/types.js';
import type { NoticeDelivery, Notifier, TodoDelivery, TodoFinish } from '../service/types.js';
import { caseLink, subTaskLink } from './links.js';

export interface PlatformNotifierOptions {
  platforms: Platforms;
  /** Public URL of the mini-app (links in notices and to-dos); null = notices without links, to-dos refused. */
  appUrl: string | null;
  /** Operational log (staff ids and effect ids only). */
  log?: (line: string) => void;
}

/** 浙政钉 receiverIds per call; a longer list is sent in parts with bizMsgId "<id>~<n>". */
const MAX_RECIPIENTS_PER_NOTICE = 100;

export class NotifierConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotifierConfigError';
  }
}

interface Reach {
  platform: PlatformName;
  client: PlatformNotifier;
  account: string;
}

function encodeTodoRef(platform: PlatformName, id: string): string {
  return `${platform}:${id}`;
}

export function decodeTodoRef(platformId: string): { platform: PlatformName; id: string } | null {
  const m = /^(zzd|dingtalk):(.+)$/.exec(platformId);
  return m ? { platform: m[1] as PlatformName, id: m[2] } : null;
}

export function createPlatformNotifier(options: PlatformNotifierOptions): Notifier {
  const { platforms, appUrl } = options;
  const log = options.log ?? ((line: string) => console.warn(line));

  const reach = (staff: Staff): Reach | null => {
    if (platforms.zzd && staff.zzdAccountId) return { platform: 'zzd', client: platforms.zzd, account: staff.zzdAccountId };
    if (platforms.dingtalk && staff.dingtalkUserId) return { platform: 'dingtalk', client: platforms.dingtalk, account: staff.dingtalkUserId };
    return null;
  };
  const clientOf = (platform: PlatformName): PlatformNotifier | undefined => (platform === 'zzd' ? platforms.zzd : platforms.dingtalk);

  const link = (caseId: string, itemId: string | null): string | undefined =>
    appUrl ? (itemId ? subTaskLink(appUrl, caseId, itemId) : caseLink(appUrl, caseId)) : undefined;

  return {
    async sendNotice(notice: NoticeDelivery): Promise<void> {
      const byPlatform = new Map<PlatformName, { client: PlatformNotifier; accounts: string[] }>();
      for (const staff of notice.recipients) {
        const r = reach(staff);
        if (!r) {
          log(`notifier: ${staff.id} has no account on a configured platform; notice ${notice.id} not sent to them`);
          continue;
        }
        const group = byPlatform.get(r.platform) ?? { client: r.client, accounts: [] };
        if (!group.accounts.includes(r.account)) group.accounts.push(r.account);
        byPlatform.set(r.platform, group);
      }
      const url = link(notice.caseId, notice.itemId);
      for (const { client, accounts } of byPlatform.values()) {
        const parts = Math.ceil(accounts.length / MAX_RECIPIENTS_PER_NOTICE);
        for (let i = 0; i < parts; i++) {
          const recipients = accounts.slice(i * MAX_RECIPIENTS_PER_NOTICE, (i + 1) * MAX_RECIPIENTS_PER_NOTICE);
          const id = parts === 1 ? notice.id : `${notice.id}~${i + 1}`;
          // A duplicate answer means an earlier delivery sent it: nothing more to do.
          await client.sendWorkNotice({ id, recipients, title: notice.title, text: notice.text, ...(url ? { url } : {}) });
        }
      }
    },

    async createTodo(todo: TodoDelivery): Promise<{ platformId: string }> {
      const r = reach(todo.assignee);
      if (!r) throw new NotifierConfigError(`${todo.assignee.id} has no account on a configured platform (to-do ${todo.todoId})`);
      const url = link(todo.caseId, todo.itemId);
      if (!url) throw new NotifierConfigError('LIANBAN_APP_URL is not configured: a to-do needs a link');
      const subject = todo.dueDate ? `${todo.title}（办理时限 ${todo.dueDate}）` : todo.title;
      const ref = await r.client.createTodo({ id: todo.todoId, assignee: r.account, creator: r.account, subject, url });
      return { platformId: encodeTodoRef(r.platform, ref.platformId) };
    },

    async finishTodo(todo: TodoFinish): Promise<void> {
      if (!todo.platformId) {
        log(`notifier: to-do ${todo.todoId} was never created on a platform; nothing to finish`);
        return;
      }
      const ref = decodeTodoRef(todo.platformId);
      if (!ref) throw new NotifierConfigError(`to-do ${todo.todoId} has an unreadable platform id`);
      const client = clientOf(ref.platform);
      if (!client) throw new NotifierConfigError(`to-do ${todo.todoId} lives on ${ref.platform}, which is not configured`);
      const account = ref.platform === 'zzd' ? todo.assignee.zzdAccountId : todo.assignee.dingtalkUserId;
      if (!account) throw new NotifierConfigError(`${todo.assignee.id} has no ${ref.platform} account to finish to-do ${todo.todoId}`);
      await client.finishTodo({ platformId: ref.id, assignee: account });
    },
  };
}
