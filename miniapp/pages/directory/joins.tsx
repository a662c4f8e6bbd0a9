/**
 * 参与一件事: for every bundle, which districts take part and from which date; the shown district joins a
 * bundle from a date (PUT /api/admin/districts/:code/joins/:bundleId).
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { DateInput, Field } from '../../components/Form';
import { Tag } from '../../components/Tag';
import { showToast } from '../../components/Toast';
import { shanghaiToday } from '../../lib/dates';
import { EditorCard, namesOf, Ops, useDirectory } from './shared';
import type { AdminDistrict } from './types';

/** From when a district takes part in a bundle: the join's date, '' when listed without one, null when not at all. */
function joinedFrom(d: AdminDistrict, bundleId: string): string | null {
  const j = (d.joins || []).filter((x) => x.bundle === bundleId)[0];
  if (j) return j.from;
  return d.bundles.indexOf(bundleId) >= 0 ? '' : null;
}

function JoinEditor(props: { bundleId: string; onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const today = shanghaiToday(Date.now());
  const district = dir.data.districts.filter((d) => d.code === dir.district)[0];
  const [from, setFrom] = useState(today);
  const [version, setVersion] = useState(district ? district.rowVersion : undefined);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const bad = !/^\d{4}-\d{2}-\d{2}$/.test(from) ? '请选择参与日期' : from < today ? '参与日期不能早于今天' : null;
    setError(bad);
    if (bad) return false;
    await api.put('/api/admin/districts/' + dir.district + '/joins/' + encodeURIComponent(props.bundleId), { from, expectedVersion: version });
    await dir.reload();
    showToast('已参与 ' + n.bundle(props.bundleId), 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={n.district(dir.district) + '参与「' + n.bundle(props.bundleId) + '」'}
      testid="join-editor"
      saveLabel="参与"
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => {
        const fresh = (await dir.reload()).districts.filter((d) => d.code === dir.district)[0];
        if (fresh) setVersion(fresh.rowVersion);
      }}
    >
      <Field label="自哪天起参与" required error={error} hint="这天起受理的办件会把本区县的事项派给本区县的部门">
        <DateInput value={from} notBefore={today} testid="join-from" onChange={setFrom} />
      </Field>
    </EditorCard>
  );
}

export function JoinsSection() {
  const dir = useDirectory();
  const today = shanghaiToday(Date.now());
  const n = namesOf(dir.data);
  const [editing, setEditing] = useState<string | null>(null);
  const bundles = dir.data.bundles || [];
  const shown = dir.data.districts.filter((d) => d.code === dir.district)[0];
  return (
    <div data-testid="joins">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">参与一件事</span>
      </div>
      <div class="lb-dir-grid">
      {bundles.map((b) => {
        const mine = shown ? joinedFrom(shown, b.id) : null;
        const joined = dir.data.districts.filter((d) => joinedFrom(d, b.id) !== null);
        return editing === b.id ? (
          <JoinEditor key={b.id} bundleId={b.id} onClose={() => setEditing(null)} />
        ) : (
          <div key={b.id} class="lb-card" data-testid="join-card" data-id={b.id}>
            <div class="lb-card__head">
              <div class="lb-card__title">{b.name}</div>
              <div class="lb-card__extra">
                {mine === null ? (
                  <Tag tone="grey">本区县未参与</Tag>
                ) : mine > today ? (
                  <Tag tone="orange">{'本区县将于 ' + mine + ' 起参与'}</Tag>
                ) : (
                  <Tag tone="green">{mine ? '本区县 ' + mine + ' 起参与' : '本区县已参与'}</Tag>
                )}
              </div>
            </div>
            {dir.data.districts.length > 1 ? (
              <div class="lb-meta" data-testid="join-districts">
                {joined.length ? '参与区县：' + joined.map((d) => d.name + (joinedFrom(d, b.id) ? '（' + joinedFrom(d, b.id) + ' 起）' : '')).join('、') : '还没有区县参与'}
              </div>
            ) : null}
            {dir.canEdit && mine === null ? (
              <Ops>
                <Button size="small" kind="primary" testid="join-add" onClick={() => setEditing(b.id)}>
                  {n.district(dir.district) + '参与'}
                </Button>
              </Ops>
            ) : null}
          </div>
        );
      })}
      </div>
      {bundles.length ? null : <div class="lb-empty lb-empty--small">还没有可参与的一件事</div>}
    </div>
  );
}
