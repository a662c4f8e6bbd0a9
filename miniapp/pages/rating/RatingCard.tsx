import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../../api';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { showModal } from '../../components/overlay';
import { Tag } from '../../components/Tag';
import { useLoader } from '../../lib/useLoader';

/** GET /api/cases/:id/ratings (service ratingTypes.ts CaseRatings). */
interface CaseRatings {
  ratable: { target: string; name: string }[];
  ratings: { id: string; target: string; targetName: string; level: string; levelLabel: string; comment: string | null; channel: string }[];
}

const LEVELS: { level: string; label: string; color: string }[] = [
  { level: 'verySatisfied', label: '非常满意', color: '#1a8f4a' },
  { level: 'satisfied', label: '满意', color: '#3aa564' },
  { level: 'basic', label: '基本满意', color: '#6b7785' },
  { level: 'dissatisfied', label: '不满意', color: '#d4741c' },
  { level: 'veryDissatisfied', label: '非常不满意', color: '#c8372d' },
];
const BAD = new Set(['dissatisfied', 'veryDissatisfied']);

const screen = 'position:fixed;inset:0;z-index:50;background:#fff;overflow-y:auto;overscroll-behavior:contain;padding:24px 20px calc(24px + env(safe-area-inset-bottom));box-sizing:border-box;';

/**
 * 一次一评 on the window's device: a full screen the applicant taps — five big buttons, an optional comment, 提交;
 * then thanks. Resolves true when a rating was recorded (the clerk hands the device back).
 */
function askApplicant(api: ApiClient, caseId: string, bundleName: string): Promise<boolean> {
  return showModal<boolean>((done) => <ApplicantForm api={api} caseId={caseId} bundleName={bundleName} done={done} />);
}

function ApplicantForm(props: { api: ApiClient; caseId: string; bundleName: string; done: (rated: boolean) => void }) {
  const [level, setLevel] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  // The applicant holds the device: the case page behind stays put (no scrolling into the clerk's records).
  useEffect(() => {
    const before = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.body.style.overflow = before;
    };
  }, []);
  const submit = async () => {
    if (!level) return;
    setSending(true);
    setError(null);
    try {
      await props.api.post('/api/cases/' + encodeURIComponent(props.caseId) + '/rating', { level, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setThanks(true);
    } catch (e) {
      setError((e as Error).message);
    }
    setSending(false);
  };
  if (thanks) {
    return (
      <div style={screen} data-testid="rating-thanks" role="dialog" aria-label="评价完成">
        <div style="font-size:26px;font-weight:600;text-align:center;margin-top:18vh">感谢您的评价</div>
        <div style="font-size:17px;color:#4e5969;text-align:center;margin:16px 0 40px;line-height:1.6">
          {level && BAD.has(level) ? '我们会在15个工作日内回访核实并整改，结果将告知您。' : '祝您生活愉快！'}
        </div>
        <Button kind="primary" block testid="rating-close" onClick={() => props.done(true)}>
          完成（请将设备交还工作人员）
        </Button>
      </div>
    );
  }
  return (
    <div style={screen} data-testid="rating-form" role="dialog" aria-label="服务评价">
      <div style="font-size:24px;font-weight:600;line-height:1.4">请您对本次服务进行评价</div>
      <div style="font-size:15px;color:#4e5969;margin:6px 0 18px">{props.bundleName + '（办件 ' + props.caseId + '）'}</div>
      <div role="radiogroup" aria-label="评价等级">
        {LEVELS.map((l) => {
          const on = level === l.level;
          return (
            <button
              key={l.level}
              type="button"
              role="radio"
              aria-checked={on}
              data-testid={'rating-level-' + l.level}
              onClick={() => setLevel(l.level)}
              style={'display:block;width:100%;min-height:60px;margin:0 0 12px;border-radius:12px;font-size:22px;font-weight:600;letter-spacing:2px;border:2px solid ' + l.color + ';'
                + (on ? 'background:' + l.color + ';color:#fff;' : 'background:#fff;color:' + l.color + ';')}
            >
              {(on ? '✓ ' : '') + l.label}
            </button>
          );
        })}
      </div>
      <label style="display:block;font-size:16px;margin:8px 0 6px" for="rating-comment">
        {level && BAD.has(level) ? '请告诉我们哪里做得不好（选填）' : '意见建议（选填）'}
      </label>
      <textarea
        id="rating-comment"
        data-testid="rating-comment"
        maxLength={300}
        rows={3}
        value={comment}
        onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
        style="width:100%;box-sizing:border-box;font-size:17px;padding:10px;border:1px solid #c9cdd4;border-radius:8px"
      />
      <div style="text-align:right;font-size:13px;color:#86909c;margin-bottom:16px">{comment.length + ' / 300'}</div>
      {error ? <div class="lb-banner lb-banner--error" role="alert" data-testid="rating-error">{error}</div> : null}
      <Button kind="primary" block disabled={!level} loading={sending} testid="rating-submit" onClick={submit}>
        提交评价
      </Button>
      <div style="height:12px" />
      <Button block testid="rating-cancel" onClick={() => props.done(false)}>
        暂不评价
      </Button>
    </div>
  );
}

/** 好差评 on the case page: the ratings given, and 「请申请人评价」 for the accepting window once the case ended. */
export function RatingCard(props: { api: ApiClient; caseId: string; bundleName: string; mayAsk: boolean; onRated: () => Promise<void> }) {
  const { data, reload } = useLoader(
    () => props.api.get<CaseRatings>('/api/cases/' + encodeURIComponent(props.caseId) + '/ratings').catch(() => null),
    [props.caseId],
  );
  if (!data) return null;
  const canAsk = props.mayAsk && data.ratable.some((t) => t.target === 'case');
  if (!data.ratings.length && !canAsk) return null;
  const ask = async () => {
    if (!(await askApplicant(props.api, props.caseId, props.bundleName))) return;
    await reload();
    await props.onRated(); // the timeline shows the rating
  };
  return (
    <Card title="好差评" testid="case-ratings">
      {data.ratings.map((r) => (
        <div key={r.id} class="lb-meta" data-testid={'case-rating-' + r.target}>
          <Tag tone={BAD.has(r.level) ? 'red' : 'green'}>{r.levelLabel}</Tag>
          {' ' + (r.target === 'case' ? '本次办件' : r.targetName) + (r.channel === 'progressPage' ? '（进度页）' : '（窗口）') + (r.comment ? '：' + r.comment : '')}
          {BAD.has(r.level) ? <span>{' · 已转责任部门整改'}</span> : null}
        </div>
      ))}
      {canAsk ? (
        <div class="lb-card__actions">
          <Button kind="primary" testid="ask-rating" onClick={ask}>
            请申请人评价
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
