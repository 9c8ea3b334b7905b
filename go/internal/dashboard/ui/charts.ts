import uPlot from 'uplot';
import { formatBytes, formatMs, formatNumber } from './format';
import type { PageState } from './types';

/** One line of a chart: a stat of a metric's period snapshots. */
interface Line {
  metric: string;
  stat: string;
  label: string;
}

/** How a chart's axis prints values. */
type Unit = 'count' | 'per-second' | 'ms' | 'bytes-per-second' | 'percent';

/** A chart per concern; it shows when any of its metrics was sampled. */
export interface ChartSpec {
  id: string;
  title: string;
  section: 'run' | 'nats';
  unit: Unit;
  lines: Line[];
  /**
   * Lines of metrics that never had a sample draw as zero, for charts
   * where "nothing happened" is the news (errors), once the chart shows.
   */
  zeroFill?: boolean;
  /** The chart shows whenever the run used NATS, even with none of its metrics sampled. */
  always?: boolean;
}

const quantiles = (metric: string): Line[] =>
  [
    ['p(50)', 'p50'],
    ['p(90)', 'p90'],
    ['p(95)', 'p95'],
    ['p(99)', 'p99'],
    ['max', 'max'],
  ].map(([stat, label]) => ({ metric, stat, label }));

/** The dashboard's charts, in page order. */
export const charts: ChartSpec[] = [
  { id: 'vus', title: 'Virtual users', section: 'run', unit: 'count', lines: [
    { metric: 'vus', stat: 'value', label: 'VUs' },
    { metric: 'vus_max', stat: 'value', label: 'max VUs' },
  ] },
  { id: 'iterations', title: 'Iterations per second', section: 'run', unit: 'per-second', lines: [
    { metric: 'iterations', stat: 'rate', label: 'iterations/s' },
    { metric: 'dropped_iterations', stat: 'rate', label: 'dropped/s' },
  ] },
  { id: 'iteration-duration', title: 'Iteration duration', section: 'run', unit: 'ms', lines: quantiles('iteration_duration') },
  { id: 'data', title: 'Data sent and received', section: 'run', unit: 'bytes-per-second', lines: [
    { metric: 'data_sent', stat: 'rate', label: 'sent' },
    { metric: 'data_received', stat: 'rate', label: 'received' },
  ] },
  { id: 'messages', title: 'Messages per second', section: 'nats', unit: 'per-second', lines: [
    { metric: 'nats_msgs_published', stat: 'rate', label: 'published' },
    { metric: 'nats_msgs_received', stat: 'rate', label: 'received' },
    { metric: 'nats_js_msgs_published', stat: 'rate', label: 'JetStream published' },
    { metric: 'nats_js_msgs_fetched', stat: 'rate', label: 'JetStream fetched' },
    { metric: 'nats_requests', stat: 'rate', label: 'requests' },
  ] },
  { id: 'request-latency', title: 'Request latency', section: 'nats', unit: 'ms', lines: quantiles('nats_request_duration') },
  { id: 'request-latency-corrected', title: 'Request latency from the intended send (open loop, corrected)', section: 'nats', unit: 'ms', lines: quantiles('nats_request_duration_corrected') },
  { id: 'js-publish-latency', title: 'JetStream publish latency', section: 'nats', unit: 'ms', lines: quantiles('nats_js_publish_duration') },
  { id: 'js-publish-latency-corrected', title: 'JetStream publish latency from the intended send (open loop, corrected)', section: 'nats', unit: 'ms', lines: quantiles('nats_js_publish_duration_corrected') },
  { id: 'publish-delay', title: 'Publish delay (open loop: actual minus intended send)', section: 'nats', unit: 'ms', lines: quantiles('nats_publish_delay') },
  { id: 'e2e-latency', title: 'End-to-end latency (publish to receive)', section: 'nats', unit: 'ms', lines: quantiles('nats_e2e_latency') },
  { id: 'errors', title: 'Errors and timeouts (per period)', section: 'nats', unit: 'count', zeroFill: true, always: true, lines: [
    { metric: 'nats_publish_errors', stat: 'count', label: 'publish errors' },
    { metric: 'nats_request_timeouts', stat: 'count', label: 'request timeouts' },
    { metric: 'nats_js_publish_errors', stat: 'count', label: 'JetStream publish errors' },
    { metric: 'nats_disconnects', stat: 'count', label: 'disconnects' },
    { metric: 'nats_slow_consumers', stat: 'count', label: 'slow consumers' },
    { metric: 'checks', stat: 'fails', label: 'failed checks' },
  ] },
  { id: 'nats-data', title: 'NATS payload bytes', section: 'nats', unit: 'bytes-per-second', lines: [
    { metric: 'nats_bytes_published', stat: 'rate', label: 'published' },
    { metric: 'nats_bytes_received', stat: 'rate', label: 'received' },
  ] },
  { id: 'consumer-lag', title: 'Consumer lag (pending messages)', section: 'nats', unit: 'count', lines: [
    { metric: 'nats_js_consumer_pending', stat: 'value', label: 'pending' },
    { metric: 'nats_js_consumer_num_pending', stat: 'value', label: 'pending (sampled)' },
    { metric: 'nats_js_consumer_num_ack_pending', stat: 'value', label: 'ack pending (sampled)' },
  ] },
  { id: 'stream-msgs', title: 'Stream messages (sampled)', section: 'nats', unit: 'count', lines: [
    { metric: 'nats_js_stream_msgs', stat: 'value', label: 'messages' },
  ] },
];

/** Whether the run used NATS: any nats_* metric was sampled. */
export function usedNATS(state: PageState): boolean {
  return Object.keys(state.metrics).some((m) => m.startsWith('nats_'));
}

/** The charts that show for this state, each with the lines that have data. */
export function visibleCharts(state: PageState): ChartSpec[] {
  const nats = usedNATS(state);
  return charts
    .map((c) => ({ ...c, lines: c.zeroFill ? c.lines : c.lines.filter((l) => l.metric in state.metrics) }))
    .filter((c) => c.lines.some((l) => l.metric in state.metrics) || (c.always === true && nats));
}

/** uPlot's data for a chart: seconds on x, one array per line (null where unsampled). */
export function chartData(spec: ChartSpec, state: PageState): uPlot.AlignedData {
  const snaps = state.snapshots ?? [];
  const xs = snaps.map((s) => s.t / 1000);
  const ys = spec.lines.map((l) =>
    snaps.map((s) => {
      const v = s.m[l.metric]?.[l.stat];
      return v ?? (spec.zeroFill ? 0 : null);
    }),
  );
  return [xs, ...ys];
}

const palette = ['#7d64ff', '#00a37a', '#e8743b', '#d6336c', '#1c7ed6', '#868e96'];

function axisValue(unit: Unit, v: number): string {
  switch (unit) {
    case 'ms':
      return formatMs(v);
    case 'bytes-per-second':
      return `${formatBytes(v)}/s`;
    case 'per-second':
      return `${formatNumber(v)}/s`;
    case 'percent':
      return `${formatNumber(v * 100)}%`;
    default:
      return formatNumber(v);
  }
}

/**
 * Draws a chart into el with uPlot. After each draw, el's data-points
 * says how many values the lines drew (tests and readers can check it).
 */
export function drawChart(el: HTMLElement, spec: ChartSpec, state: PageState): uPlot {
  const data = chartData(spec, state);
  const opts: uPlot.Options = {
    title: spec.title,
    width: Math.max(320, el.clientWidth || 560),
    height: 240,
    series: [
      {},
      ...spec.lines.map((l, i) => ({
        label: l.label,
        stroke: palette[i % palette.length],
        width: 2,
        points: { show: true, size: 5 },
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v == null ? '–' : axisValue(spec.unit, v)),
      })),
    ],
    axes: [{}, { size: 80, values: (_u, splits) => splits.map((v) => axisValue(spec.unit, v)) }],
    scales: { y: { range: (_u, lo, hi) => [Math.min(0, lo), hi > 0 ? hi * 1.1 : 1] } },
    hooks: {
      draw: [
        (u) => {
          let points = 0;
          for (let i = 1; i < u.data.length; i++) points += (u.data[i] as (number | null)[]).filter((v) => v != null).length;
          el.dataset.points = String(points);
        },
      ],
    },
  };
  return new uPlot(opts, data, el);
}
