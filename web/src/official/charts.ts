import type { Chart } from 'chart.js';
import { coverageChartHeight } from './chart-sizes';

// Charts with Chart.js, loaded only when a chart is drawn: import('chart.js') makes Vite put it in its
// own chunk, so neither the app's entry nor the official's pages carry it until the dashboard opens.

export interface BarSeries {
  labels: string[];
  coverage: (number | null)[];
  completeness: (number | null)[];
  /** Rows that will miss the switch-off date are drawn in the warning colour. */
  late: boolean[];
  names: { coverage: string; completeness: string };
}

export interface LineSeries {
  /** Cumulative deliveries per day (day as 'YYYY-MM-DD'). */
  actual: { day: string; cumulative: number }[];
  /** The projection from today's total to the day all eligible are delivered, when there is one. */
  projection: { day: string; cumulative: number }[];
  eligible: number;
  switchOffDate: string | null;
  names: { actual: string; projection: string; eligible: string; switchOff: string };
  formatDay: (day: string) => string;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOfNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

async function chartJs() {
  return (await import('./chart-setup')).Chart;
}

const toPercent = (v: string | number) => `${v}%`;
const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

export async function drawCoverageBars(canvas: HTMLCanvasElement, s: BarSeries): Promise<Chart> {
  const ChartJs = await chartJs();
  const lying = coverageChartHeight(s.labels.length) !== null;
  return new ChartJs(canvas, {
    type: 'bar',
    data: {
      labels: s.labels,
      datasets: [
        {
          label: s.names.coverage,
          data: s.coverage.map(percent),
          backgroundColor: s.late.map((late) => (late ? '#b3261e' : '#0b5cad')),
        },
        { label: s.names.completeness, data: s.completeness.map(percent), backgroundColor: '#8fb8e0' },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: lying ? 'y' : 'x',
      scales: {
        // Every area's name on its axis (Chart.js skips names it thinks crowded); the value axis in %.
        x: {
          beginAtZero: true,
          ticks: lying ? { autoSkip: true, callback: toPercent } : { autoSkip: false },
        },
        y: {
          beginAtZero: true,
          ticks: lying ? { autoSkip: false } : { autoSkip: true, callback: toPercent },
        },
      },
      // Above the rows when they lie down: a long list scrolls and the legend stays in view first.
      plugins: { legend: { position: lying ? 'top' : 'bottom' } },
    },
  });
}

const ACTUAL_COLOUR = '#0b5cad';
const DOTTED_DAYS = 31;

export async function drawProgressLine(canvas: HTMLCanvasElement, s: LineSeries): Promise<Chart> {
  const ChartJs = await chartJs();
  const points = (list: { day: string; cumulative: number }[]) =>
    list.map((p) => ({ x: dayNumber(p.day), y: p.cumulative }));
  const xs = [...s.actual, ...s.projection].map((p) => dayNumber(p.day));
  if (s.switchOffDate) xs.push(dayNumber(s.switchOffDate));
  const first = Math.min(...xs);
  const last = Math.max(...xs);
  const datasets = [
    {
      label: s.names.actual,
      data: points(s.actual),
      borderColor: ACTUAL_COLOUR,
      // Each day a dot while there are few: a programme's first day is one point, which a line alone
      // never draws (the chart showed the legend's "delivered" and no delivered at all).
      pointRadius: s.actual.length <= DOTTED_DAYS ? 3 : 0,
      pointBackgroundColor: ACTUAL_COLOUR,
      clip: false as const, // the first day sits on the axis: its dot whole, not halved
    },
    {
      label: s.names.projection,
      data: points(s.projection),
      borderColor: '#8a5a00',
      borderDash: [6, 4],
      pointRadius: 0,
    },
    {
      label: s.names.eligible,
      data: [
        { x: first, y: s.eligible },
        { x: last, y: s.eligible },
      ],
      borderColor: '#1a7f37',
      pointRadius: 0,
    },
  ];
  if (s.switchOffDate) {
    const x = dayNumber(s.switchOffDate);
    datasets.push({
      label: s.names.switchOff,
      data: [
        { x, y: 0 },
        { x, y: s.eligible },
      ],
      borderColor: '#b3261e',
      pointRadius: 0,
    });
  }
  return new ChartJs(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: 'linear',
          min: first,
          max: last,
          ticks: { callback: (v) => s.formatDay(dayOfNumber(Number(v))), maxTicksLimit: 8 },
        },
        // Households are counted whole: no "0.5" on the axis of a programme's first days.
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
