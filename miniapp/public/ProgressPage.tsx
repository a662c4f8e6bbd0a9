/**
 * 办件进度查询: the public page the receipt's QR code opens on the applicant's own phone — no login, no 浙政钉
 * shell (its own small bundle, entries/progress.ts, served as /progress.html). The token is the URL fragment;
 * POST /api/public/progress answers the progress in plain words (a masked name only). Once the case has
 * ended, the 好差评 form (five levels, an optional comment) posts to /api/public/progress/rating.
 * A wrong or expired link shows one message and nothing else.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Progress {
  bundleName: string;
  caseId: string;
  applicants: string[];
  state: 'accepted' | 'completed' | 'closed' | 'withdrawn';
  stateLabel: string;
  acceptedOn: string;
  due: { date: string; provisional: boolean };
  endedOn: string | null;
  items: { name: string; department: string; district: string; status: 'pending' | 'inProgress' | 'done' | 'stopped'; statusLabel: string }[];
  delivery: string[];
  ratable: boolean;
  rated?: boolean;
}

interface Failure {
  status: number;
  code?: string;
  message: string;
}

/** POST a JSON body to the api (same origin unless LIANBAN_CONFIG names another); errors as {status, message}. */
async function post<T>(path: string, body: unknown): Promise<T> {
  const config = (window as unknown as { LIANBAN_CONFIG?: { apiBase?: string } }).LIANBAN_CONFIG;
  let res: Response;
  try {
    res = await fetch((config?.apiBase ?? '') + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw { status: 0, message: '网络连接失败，请检查网络后刷新重试' } satisfies Failure;
  }
  const json = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!res.ok) throw { status: res.status, code: json.code, message: json.message ?? '查询失败，请稍后重试' } satisfies Failure;
  return json;
}

const LEVELS = [
  { key: 'verySatisfied', label: '非常满意' },
  { key: 'satisfied', label: '满意' },
  { key: 'basic', label: '基本满意' },
  { key: 'dissatisfied', label: '不满意' },
  { key: 'veryDissatisfied', label: '非常不满意' },
];

const ymd = (d: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : d;
};

function Row(props: { label: string; children: preact.ComponentChildren; testid?: string }) {
  return (
    <div class="p-row" data-testid={props.testid}>
      <span class="p-label">{props.label}</span>
      <span class="p-value">{props.children}</span>
    </div>
  );
}

function RatingForm(props: { token: string; done: boolean }) {
  const [level, setLevel] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<{ sent: boolean; error: string | null; busy: boolean }>({ sent: props.done, error: null, busy: false });
  if (state.sent) {
    return (
      <div class="p-card" data-testid="rating-done">
        <div class="p-title">服务评价</div>
        <p class="p-ok">感谢您的评价！您的意见将用于改进政务服务。</p>
      </div>
    );
  }
  const submit = async () => {
    if (!level || state.busy) return;
    setState({ sent: false, error: null, busy: true });
    try {
      await post('/api/public/progress/rating', { token: props.token, level, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setState({ sent: true, error: null, busy: false });
    } catch (e) {
      const f = e as Failure;
      if (f.code === 'ALREADY_RATED') setState({ sent: true, error: null, busy: false });
      else setState({ sent: false, error: f.message, busy: false });
    }
  };
  return (
    <div class="p-card" data-testid="rating-form">
      <div class="p-title">服务评价</div>
      <p class="p-hint">您的事项已办结，请对本次办事服务作出评价（每件事可评价一次）。</p>
      <div class="p-levels" role="radiogroup" aria-label="评价等级">
        {LEVELS.map((l) => (
          <button type="button" key={l.key} role="radio" aria-checked={level === l.key} class={'p-level' + (level === l.key ? ' p-level--on' : '')} data-level={l.key} onClick={() => setLevel(l.key)}>
            {l.label}
          </button>
        ))}
      </div>
      <textarea class="p-comment" maxLength={300} rows={3} placeholder="意见或建议（选填，300字以内；请勿填写身份证号、电话等个人信息）" value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} data-testid="rating-comment" />
      {state.error ? <p class="p-error">{state.error}</p> : null}
      <button type="button" class="p-submit" disabled={!level || state.busy} onClick={submit} data-testid="rating-submit">
        {state.busy ? '提交中…' : level ? '提交评价' : '请先选择评价等级'}
      </button>
    </div>
  );
}

function ProgressCard(props: { p: Progress; token: string }) {
  const p = props.p;
  const done = p.items.filter((i) => i.status === 'done').length;
  return (
    <div>
      <div class="p-card" data-testid="progress">
        <div class="p-bundle" data-testid="progress-bundle">{p.bundleName}</div>
        <div class={'p-state p-state--' + p.state} data-testid="progress-state">{p.stateLabel}</div>
        <Row label="办件编号" testid="progress-case">{p.caseId}</Row>
        <Row label="申请人" testid="progress-applicants">{p.applicants.length ? p.applicants.join('、') : '—'}</Row>
        <Row label="受理日期">{ymd(p.acceptedOn)}</Row>
        <Row label="承诺办结日期" testid="progress-due">{ymd(p.due.date) + (p.due.provisional ? '（暂定，以实际办理为准）' : '')}</Row>
        {p.endedOn ? <Row label="办结日期">{ymd(p.endedOn)}</Row> : null}
      </div>
      <div class="p-card">
        <div class="p-title">{'办理进度（共 ' + p.items.length + ' 项，已办结 ' + done + ' 项）'}</div>
        <ol class="p-items">
          {p.items.map((i) => (
            <li key={i.name} class={'p-item p-item--' + i.status} data-testid="progress-item" data-status={i.status}>
              <div class="p-item__head">
                <span class="p-item__name">{i.name}</span>
                <span class={'p-badge p-badge--' + i.status}>{i.statusLabel}</span>
              </div>
              <div class="p-item__dept">{'承办部门：' + i.department}</div>
            </li>
          ))}
        </ol>
      </div>
      <div class="p-card" data-testid="progress-delivery">
        <div class="p-title">领取与寄递</div>
        {p.delivery.length ? p.delivery.map((d) => <p key={d} class="p-line">{d}</p>) : <p class="p-line">—</p>}
      </div>
      {p.ratable ? <RatingForm token={props.token} done={p.rated === true} /> : null}
      <p class="p-foot">本页只显示办理进度，不含身份证号、电话、住址等个人信息。如有疑问，请联系受理窗口。</p>
    </div>
  );
}

export function ProgressPage(props: { token: string }) {
  const [state, setState] = useState<{ progress: Progress | null; failure: Failure | null }>({ progress: null, failure: null });
  useEffect(() => {
    if (!props.token) {
      setState({ progress: null, failure: { status: 404, message: '' } });
      return;
    }
    post<{ progress: Progress }>('/api/public/progress', { token: props.token }).then(
      (r) => setState({ progress: r.progress, failure: null }),
      (f: Failure) => setState({ progress: null, failure: f }),
    );
  }, [props.token]);
  return (
    <main class="p-page">
      <h1 class="p-h1">办件进度查询</h1>
      {state.progress ? (
        <ProgressCard p={state.progress} token={props.token} />
      ) : state.failure ? (
        <div class="p-card p-empty" data-testid="progress-missing">
          {state.failure.status === 404 ? (
            <div>
              <p class="p-empty__title">未找到办件进度</p>
              <p class="p-hint">请核对受理回执上的二维码或链接是否完整。办结超过180天的办件不再提供查询。如有疑问，请联系受理窗口。</p>
            </div>
          ) : (
            <p class="p-empty__title">{state.failure.message}</p>
          )}
        </div>
      ) : (
        <p class="p-hint" data-testid="progress-loading">正在查询…</p>
      )}
    </main>
  );
}
