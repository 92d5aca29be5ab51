import { useCallback, useEffect, useId, useState } from 'react';
import { json } from '../api.js';
import { useI18n } from '../i18n.js';
import { PERIODS, type Period, type PeriodSel, PRESETS, todayIn } from '../periods.js';
import { buildSegment, type Condition, parseSegment, SEGMENT_DIMENSIONS, SEGMENT_OPERATORS, type SegmentDef } from '../segments.js';
import type { SiteSummary } from '../session.js';

export function SiteSelector({ sites, current, onChange }: { sites: SiteSummary[]; current: number; onChange: (id: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="control">
      <label htmlFor={id}>{t('site')}</label>
      <select id={id} value={current} onChange={(e) => onChange(Number(e.target.value))}>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Period type, date (or range), presets, and the comparison switch. */
export function PeriodPicker({
  sel,
  compare,
  timezone,
  onChange,
}: {
  sel: PeriodSel;
  compare: boolean;
  timezone: string;
  onChange: (sel: PeriodSel, compare: boolean) => void;
}) {
  const { t } = useI18n();
  const ids = { period: useId(), date: useId(), from: useId(), to: useId(), preset: useId(), compare: useId() };
  const [from, to] = sel.period === 'range' ? sel.date.split(',') : [sel.date, sel.date];
  const [rangeFrom, setFrom] = useState(from ?? '');
  const [rangeTo, setTo] = useState(to ?? '');
  useEffect(() => {
    setFrom(from ?? '');
    setTo(to ?? '');
  }, [from, to]);
  const today = todayIn(timezone);
  return (
    <fieldset className="control period-picker">
      <legend className="visually-hidden">{t('period')}</legend>
      <div className="control">
        <label htmlFor={ids.period}>{t('period')}</label>
        <select
          id={ids.period}
          value={sel.period}
          onChange={(e) => {
            const p = e.target.value as Period;
            onChange(p === 'range' ? { period: p, date: `${from},${to}` } : { period: p, date: from ?? today }, compare);
          }}
        >
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(p)}
            </option>
          ))}
        </select>
      </div>
      {sel.period === 'range' ? (
        <>
          <div className="control">
            <label htmlFor={ids.from}>{t('from')}</label>
            <input id={ids.from} type="date" value={rangeFrom} max={today} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="control">
            <label htmlFor={ids.to}>{t('to')}</label>
            <input id={ids.to} type="date" value={rangeTo} max={today} onChange={(e) => setTo(e.target.value)} />
          </div>
          <button
            type="button"
            disabled={!rangeFrom || !rangeTo || rangeFrom > rangeTo}
            onClick={() => onChange({ period: 'range', date: `${rangeFrom},${rangeTo}` }, compare)}
          >
            {t('apply')}
          </button>
        </>
      ) : (
        <div className="control">
          <label htmlFor={ids.date}>{t('date')}</label>
          <input
            id={ids.date}
            type="date"
            value={sel.date}
            max={today}
            onChange={(e) => e.target.value && onChange({ period: sel.period, date: e.target.value }, compare)}
          />
        </div>
      )}
      <div className="control">
        <label htmlFor={ids.preset} className="visually-hidden">
          {t('period')}
        </label>
        <select
          id={ids.preset}
          value=""
          onChange={(e) => {
            const preset = PRESETS.find((p) => p.key === e.target.value);
            if (preset) onChange(preset.make(today), compare);
          }}
        >
          <option value="">…</option>
          {PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {t(p.key)}
            </option>
          ))}
        </select>
      </div>
      <div className="check">
        <input id={ids.compare} type="checkbox" checked={compare} onChange={(e) => onChange(sel, e.target.checked)} />
        <label htmlFor={ids.compare}>{t('compare')}</label>
      </div>
    </fieldset>
  );
}

interface SavedSegment {
  readonly id: number;
  readonly name: string;
  readonly definition: string;
  readonly shared: boolean;
  readonly mine: boolean;
}

/** Where segments were kept before the server stored them: moved to the server once, then forgotten. */
const LEGACY_KEY = (idSite: number) => `sillage.segments.${idSite}`;

async function moveLegacySegments(idSite: number): Promise<void> {
  const raw = localStorage.getItem(LEGACY_KEY(idSite));
  if (raw === null) return;
  let list: { name: string; segment: string }[] = [];
  try {
    list = JSON.parse(raw) as { name: string; segment: string }[];
  } catch {
    // unreadable: nothing to move
  }
  for (const s of list) {
    await json('POST', '/api/me/segments', { idSite, name: s.name, definition: s.segment }).catch(() => undefined);
  }
  localStorage.removeItem(LEGACY_KEY(idSite));
}

/** The signed-in user's saved segments for a site (theirs and the shared ones), kept on the server. */
function useSavedSegments(idSite: number, enabled: boolean) {
  const [saved, setSaved] = useState<SavedSegment[]>([]);
  const reload = useCallback(async () => {
    if (!enabled) return setSaved([]);
    await moveLegacySegments(idSite);
    const r = await json<{ segments: SavedSegment[] }>('GET', `/api/me/segments?idSite=${idSite}`).catch(() => ({ segments: [] }));
    setSaved(r.segments);
  }, [idSite, enabled]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { saved, reload };
}

/**
 * Builds a Matomo segment from conditions (AND of OR-groups). Signed-in users save segments by name for
 * the site (on the server); a site admin may share one with everyone who can view the site. Anonymous
 * visitors of a public dashboard can apply a segment but not save it.
 */
export function SegmentEditor({
  idSite,
  segment,
  onChange,
  canSave = true,
  canShare = false,
}: {
  idSite: number;
  segment: string;
  onChange: (s: string) => void;
  canSave?: boolean;
  canShare?: boolean;
}) {
  const { t } = useI18n();
  const [def, setDef] = useState<SegmentDef>(() => parseSegment(segment));
  const { saved, reload } = useSavedSegments(idSite, canSave);
  const [name, setName] = useState('');
  const [share, setShare] = useState(false);
  const [saveError, setSaveError] = useState('');
  const pickId = useId();
  const nameId = useId();
  const shareId = useId();
  useEffect(() => {
    setDef(parseSegment(segment));
  }, [segment]);
  const current = saved.find((s) => s.definition === segment);
  const update = (gi: number, ci: number, patch: Partial<Condition>) =>
    setDef(def.map((g, i) => (i !== gi ? g : g.map((c, j) => (j !== ci ? c : { ...c, ...patch })))));
  const blank: Condition = { dimension: 'countryCode', operator: '==', value: '' };
  return (
    <details className="control segment-editor">
      <summary>
        {t('segment')}: {segment === '' ? t('allVisits') : (current?.name ?? segment)}
      </summary>
      <div className="segment-panel">
        <label htmlFor={pickId}>{t('segment')}</label>
        <select id={pickId} value={segment} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('allVisits')}</option>
          {saved.map((s) => (
            <option key={s.id} value={s.definition}>
              {s.shared ? `${s.name} (${t('sharedSegment')})` : s.name}
            </option>
          ))}
        </select>
        {current?.mine && (
          <button
            type="button"
            onClick={async () => {
              await json('DELETE', `/api/me/segments/${current.id}`).catch(() => undefined);
              await reload();
              onChange('');
            }}
          >
            {t('deleteSegment')}
          </button>
        )}
        {def.map((group, gi) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their position while edited
          <fieldset key={gi} className="segment-group">
            <legend>{gi === 0 ? t('editSegment') : 'AND'}</legend>
            {group.map((c, ci) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: as above
              <div key={ci} className="segment-cond">
                {ci > 0 && <span>OR</span>}
                <select aria-label="Dimension" value={c.dimension} onChange={(e) => update(gi, ci, { dimension: e.target.value })}>
                  {SEGMENT_DIMENSIONS.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
                <select
                  aria-label="Operator"
                  value={c.operator}
                  onChange={(e) => update(gi, ci, { operator: e.target.value as Condition['operator'] })}
                >
                  {SEGMENT_OPERATORS.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
                <input aria-label="Value" value={c.value} onChange={(e) => update(gi, ci, { value: e.target.value })} />
              </div>
            ))}
            <button type="button" onClick={() => setDef(def.map((g, i) => (i === gi ? [...g, blank] : g)))}>
              + OR
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setDef([...def, [blank]])}>
          + AND
        </button>
        <code className="segment-string">{buildSegment(def)}</code>
        <div className="segment-actions">
          <button type="button" className="primary" onClick={() => onChange(buildSegment(def))}>
            {t('apply')}
          </button>
          {canSave && (
            <>
              <label htmlFor={nameId} className="visually-hidden">
                {t('segment')}
              </label>
              <input id={nameId} placeholder={t('segment')} value={name} onChange={(e) => setName(e.target.value)} />
              {canShare && (
                <span className="check">
                  <input id={shareId} type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} />
                  <label htmlFor={shareId}>{t('shareSegment')}</label>
                </span>
              )}
              <button
                type="button"
                disabled={!name || buildSegment(def) === ''}
                onClick={async () => {
                  try {
                    await json('POST', '/api/me/segments', { idSite, name, definition: buildSegment(def), shared: canShare && share });
                    setSaveError('');
                    await reload();
                    onChange(buildSegment(def));
                  } catch (err) {
                    setSaveError(err instanceof Error ? err.message : String(err));
                  }
                }}
              >
                {t('save')}
              </button>
            </>
          )}
          {saveError && (
            <p className="error" role="alert">
              {saveError}
            </p>
          )}
        </div>
      </div>
    </details>
  );
}
