import type { Chart } from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatPercent, language } from '../shared/i18n';
import { location } from '../shared/router';
import { queryOf, searchOf } from '../shared/routes';
import { saveFile } from '../shared/save-file';
import { ErrorBox, Loading } from '../shared/states';
import { useStore } from '../shared/store';
import { useLoad } from '../shared/use-load';
import { officialApi, type CoverageReport, type ProgressReport, type SpreadsheetFormat } from './api';
import { coverageChartHeight } from './chart-sizes';
import { drawCoverageBars, drawProgressLine } from './charts';
import { formatDay } from './format';
import { useOfficialWords } from './words';

type Row = CoverageReport['rows'][number];
type SortKey =
  'name' | 'target' | 'pendingReview' | 'approved' | 'assigned' | 'delivered' | 'coverage' | 'completeness';
const SORTS: SortKey[] = [
  'name',
  'target',
  'pendingReview',
  'approved',
  'assigned',
  'delivered',
  'coverage',
  'completeness',
];

/** The figures that open the households behind them, with the status they have. */
const LINKED = [
  ['pendingReview', 'registered'],
  ['approved', 'approved'],
  ['assigned', 'assigned'],
  ['delivered', 'delivered'],
] as const;

async function loadDashboard(areaCode: string | undefined, level: string | undefined) {
  const [coverage, progress] = await Promise.all([
    officialApi.coverage({ areaCode, level }),
    officialApi.progress({ areaCode, level }).catch(() => null),
  ]);
  return { coverage, progress };
}

/** Rows sorted in the browser: the report holds every row already, a sort is no reason to ask again. */
function sortRows(rows: Row[], key: SortKey, desc: boolean): Row[] {
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === 'name') return sign * a.name.localeCompare(b.name, 'vi');
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}

export function Dashboard() {
  const o = useOfficialWords();
  const lang = useStore(language);
  const { search } = useStore(location);
  const query = queryOf(search);
  const data = useLoad(() => loadDashboard(query.area, query.level), [query.area, query.level]);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'name', desc: false });
  const [fileError, setFileError] = useState<unknown>(null);

  if (data.loading) return <Loading />;
  if (!data.data) return <ErrorBox error={data.error} onRetry={data.reload} />;
  const { coverage, progress } = data.data;
  const t = coverage.totals;
  const late = new Map((progress?.rows ?? []).map((r) => [r.code, r]));
  const rows = sortRows(coverage.rows, sort.key, sort.desc);
  const missing = coverage.rows.filter((r) => late.get(r.code)?.willMissSwitchOff === true);
  const n = (v: number) => v.toLocaleString(lang);
  const pct = (v: number | null) => formatPercent(v, lang) ?? '–';
  const areaQuery = { area: query.area, level: query.level };
  const save = async (format: SpreadsheetFormat) => {
    setFileError(null);
    try {
      saveFile(await officialApi.coverageFile({ areaCode: query.area, level: query.level }, format, lang));
    } catch (err) {
      setFileError(err);
    }
  };
  const households = (code: string | null, status: string) =>
    `/review${searchOf({ area: code ?? undefined, status })}`;

  return (
    <>
      <h1>
        {o.dashboard.title}: {coverage.area.name}
      </h1>
      <section class="card coverage" aria-labelledby="totals-title">
        <h2 id="totals-title">{o.dashboard.totals}</h2>
        <dl>
          <Figure label={o.figures.target} value={t.target === null ? o.figures.noTarget : n(t.target)} />
          <Figure
            label={o.figures.pendingReview}
            value={n(t.pendingReview)}
            href={households(t.code, 'registered')}
          />
          <Figure label={o.figures.approved} value={n(t.approved)} href={households(t.code, 'approved')} />
          <Figure label={o.figures.assigned} value={n(t.assigned)} href={households(t.code, 'assigned')} />
          <Figure label={o.figures.delivered} value={n(t.delivered)} href={households(t.code, 'delivered')} />
          <Figure
            label={o.figures.coverage}
            value={pct(t.coverage)}
            note={t.coverage === null ? undefined : o.figures.coverageOf(n(t.delivered), n(t.eligible))}
          />
          <Figure
            label={o.figures.completeness}
            value={pct(t.completeness)}
            note={
              t.completeness === null || t.target === null
                ? undefined
                : o.figures.completenessOf(n(t.pendingReview + t.eligible), n(t.target))
            }
          />
          <Figure
            label={o.figures.switchOff}
            value={t.switchOffDate ? formatDay(t.switchOffDate, lang) : o.figures.noDate}
          />
          {progress && (
            <Figure
              label={o.figures.projected}
              value={
                progress.projectedDate ? formatDay(progress.projectedDate, lang) : o.figures.noProjection
              }
            />
          )}
        </dl>
        {progress?.willMissSwitchOff === true && <p class="error">{o.dashboard.areaWillMiss}</p>}
      </section>

      {coverage.level !== 'commune' && coverage.area.level === 'province' && (
        <p class="toolbar">
          <a
            class="button"
            href={`/dashboard${searchOf({ ...areaQuery, level: query.level === 'commune' ? undefined : 'commune' })}`}
          >
            {query.level === 'commune' ? o.dashboard.byDistrict : o.dashboard.byCommune}
          </a>
        </p>
      )}

      <div class="charts">
        <CoverageChart coverage={coverage} late={late} />
        {progress && <ProgressChart progress={progress} />}
      </div>

      {missing.length > 0 && (
        <div class="alert alert-error" role="status">
          <p>{o.dashboard.willMiss(missing.length)}</p>
          <p>{missing.map((r) => r.name).join('; ')}</p>
        </div>
      )}

      <div class="toolbar">
        <button type="button" class="button" onClick={() => void save('xlsx')}>
          {o.dashboard.downloadXlsx}
        </button>
        <button type="button" class="button" onClick={() => void save('csv')}>
          {o.dashboard.downloadCsv}
        </button>
      </div>
      {fileError !== null && <ErrorBox error={fileError} />}

      <div class="scroll">
        <table class="list figures-table">
          <caption>{o.dashboard.tableCaption(coverage.area.name)}</caption>
          <thead>
            <tr>
              {SORTS.map((key) => (
                <th
                  scope="col"
                  key={key}
                  aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    class="link-button"
                    onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'name' })}
                  >
                    {o.columns[key]}
                  </button>
                </th>
              ))}
              <th scope="col">{o.columns.projected}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = late.get(r.code);
              const open = coverage.level === 'commune' ? null : `/dashboard${searchOf({ area: r.code })}`;
              return (
                <tr key={r.code} class={p?.willMissSwitchOff ? 'late' : undefined}>
                  <th scope="row">
                    {open ? <a href={open}>{r.name}</a> : r.name}
                    {p?.willMissSwitchOff && <span class="badge bad"> {o.dashboard.lateBadge}</span>}
                  </th>
                  <td data-label={o.columns.target}>
                    {r.target === null ? o.figures.noTarget : n(r.target)}
                  </td>
                  {LINKED.map(([key, status]) => (
                    <td key={key} data-label={o.columns[key]}>
                      <a href={households(r.code, status)}>{n(r[key])}</a>
                    </td>
                  ))}
                  <td data-label={o.columns.coverage}>{pct(r.coverage)}</td>
                  <td data-label={o.columns.completeness}>{pct(r.completeness)}</td>
                  <td data-label={o.columns.projected}>
                    {p?.projectedDate ? formatDay(p.projectedDate, lang) : o.figures.noProjection}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">{o.dashboard.linksHint}</p>
    </>
  );
}

function Figure({
  label,
  value,
  href,
  note,
}: {
  label: string;
  value: string;
  href?: string;
  note?: string;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{href ? <a href={href}>{value}</a> : value}</dd>
      {note && <dd class="figure-note">{note}</dd>}
    </div>
  );
}

/** A canvas drawn by `draw` once Chart.js has loaded; redrawn when `key` changes. */
function ChartCanvas(props: {
  label: string;
  drawKey: string;
  draw: (c: HTMLCanvasElement) => Promise<Chart>;
  /** The drawing's own height (px), in a box that scrolls; the card's fixed height when absent. */
  height?: number | null;
}) {
  const o = useOfficialWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | unknown>('loading');
  useEffect(() => {
    let chart: Chart | null = null;
    let live = true;
    if (canvas.current)
      props.draw(canvas.current).then(
        (c) => {
          chart = c;
          if (live) setState('drawn');
          else c.destroy();
        },
        (err: unknown) => live && setState(err),
      );
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [props.drawKey]);
  return (
    <figure class="card chart">
      <figcaption>{props.label}</figcaption>
      <div class={props.height ? 'chart-scroll' : undefined}>
        <div class="chart-box" style={props.height ? { height: `${props.height}px` } : undefined}>
          <canvas
            ref={canvas}
            role="img"
            aria-label={props.label}
            data-drawn={state === 'drawn' ? 'true' : 'false'}
          />
        </div>
      </div>
      {state === 'loading' && <Loading />}
      {state !== 'loading' && state !== 'drawn' && <p class="error">{o.dashboard.chartFailed}</p>}
    </figure>
  );
}

function CoverageChart({
  coverage,
  late,
}: {
  coverage: CoverageReport;
  late: Map<string, { willMissSwitchOff: boolean | null }>;
}) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const t = coverage.totals;
  const label = o.dashboard.barLabel(
    coverage.area.name,
    t.delivered,
    t.eligible,
    formatPercent(t.coverage, lang) ?? '–',
  );
  return (
    <ChartCanvas
      label={label}
      drawKey={`${label}:${coverage.rows.length}:${lang}`}
      height={coverageChartHeight(coverage.rows.length)}
      draw={(c) =>
        drawCoverageBars(c, {
          labels: coverage.rows.map((r) => r.name),
          coverage: coverage.rows.map((r) => r.coverage),
          completeness: coverage.rows.map((r) => r.completeness),
          late: coverage.rows.map((r) => late.get(r.code)?.willMissSwitchOff === true),
          names: { coverage: o.figures.coveragePct, completeness: o.figures.completenessPct },
        })
      }
    />
  );
}

function ProgressChart({ progress }: { progress: ProgressReport }) {
  const o = useOfficialWords();
  const lang = useStore(language);
  const actual = progress.series.map((p) => ({ day: p.period, cumulative: p.cumulative }));
  const projection = progress.projectedDate
    ? [
        { day: progress.today, cumulative: progress.delivered },
        { day: progress.projectedDate, cumulative: progress.eligible },
      ]
    : [];
  const label = o.dashboard.lineLabel(
    progress.delivered,
    progress.eligible,
    progress.projectedDate ? formatDay(progress.projectedDate, lang) : o.figures.noProjection,
    progress.switchOffDate ? formatDay(progress.switchOffDate, lang) : o.figures.noDate,
  );
  return (
    <ChartCanvas
      label={label}
      drawKey={`${label}:${lang}`}
      draw={(c) =>
        drawProgressLine(c, {
          actual,
          projection,
          eligible: progress.eligible,
          switchOffDate: progress.switchOffDate,
          names: o.dashboard.lineNames,
          formatDay: (d) => formatDay(d, lang),
        })
      }
    />
  );
}
