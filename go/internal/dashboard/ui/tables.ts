import { h } from './dom';
import { formatStat } from './format';
import type { PageState, Summary, SummaryMetric } from './types';

/** The order in which a metric's values print, as in k6's summary; others follow by name. */
const statOrder = ['count', 'rate', 'value', 'passes', 'fails', 'avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

function sortedStats(values: Record<string, number>): string[] {
  const rank = (s: string) => (statOrder.includes(s) ? statOrder.indexOf(s) : statOrder.length);
  return Object.keys(values).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** One value, with its raw number in data-value so the page can be checked against --summary-export. */
function valueCell(metric: SummaryMetric, stat: string): HTMLElement {
  const v = metric.values[stat];
  return h('span', { class: 'stat', 'data-metric': metric.name, 'data-stat': stat, 'data-value': String(v) },
    h('span', { class: 'stat-name' }, `${stat}=`), formatStat(v, stat, metric));
}

function metricsTable(title: string, list: SummaryMetric[]): HTMLElement {
  const rows = list.map((m) =>
    h('tr', { 'data-metric-row': m.name },
      h('td', { class: 'metric-name' }, m.name),
      h('td', {}, m.type),
      h('td', { class: 'values' }, ...sortedStats(m.values).map((s) => valueCell(m, s)))));
  return h('section', { class: 'table' }, h('h3', {}, title),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'metric'), h('th', {}, 'type'), h('th', {}, 'values'))), h('tbody', {}, ...rows)));
}

function thresholdsTable(s: Summary, state: PageState): HTMLElement | null {
  const rows = s.thresholds ?? [];
  if (rows.length === 0) return null;
  return h('section', { class: 'table', id: 'thresholds' }, h('h3', {}, 'Thresholds'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'metric'), h('th', {}, 'threshold'), h('th', {}, 'value'))),
      h('tbody', {}, ...rows.map((t) => {
        const info = state.metrics[t.metric.split('{')[0]] ?? s.metrics?.find((m) => m.name === t.metric) ?? { type: 'counter', contains: 'default' };
        return h('tr', { class: t.ok ? 'ok' : 'failed', 'data-threshold': `${t.metric} ${t.source}` },
          h('td', { class: 'mark' }, t.ok ? '✓' : '✗'),
          h('td', {}, t.metric),
          h('td', {}, t.source),
          h('td', { 'data-value': String(t.value) }, `${t.aggregation}=${formatStat(t.value, t.aggregation, info)}`));
      }))));
}

function checksTable(s: Summary): HTMLElement | null {
  const rows = s.checks ?? [];
  if (rows.length === 0) return null;
  return h('section', { class: 'table', id: 'checks' }, h('h3', {}, 'Checks'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'group'), h('th', {}, 'check'), h('th', {}, 'passes'), h('th', {}, 'fails'))),
      h('tbody', {}, ...rows.map((c) =>
        h('tr', { class: c.fails === 0 ? 'ok' : 'failed', 'data-check': c.name },
          h('td', { class: 'mark' }, c.fails === 0 ? '✓' : '✗'),
          h('td', {}, c.group || '(root)'),
          h('td', {}, c.name),
          h('td', { 'data-passes': String(c.passes) }, String(c.passes)),
          h('td', { 'data-fails': String(c.fails) }, String(c.fails)))))));
}

/** The end-of-test tables: thresholds, checks, the NATS metrics and every other metric. */
export function summaryTables(state: PageState): HTMLElement[] {
  const s = state.summary;
  if (!s) return [h('p', { class: 'note' }, 'The summary tables appear when the test run ends.')];
  const all = s.metrics ?? [];
  const nats = all.filter((m) => m.name.startsWith('nats_'));
  const rest = all.filter((m) => !m.name.startsWith('nats_'));
  return [
    thresholdsTable(s, state),
    checksTable(s),
    nats.length > 0 ? metricsTable('NATS metrics', nats) : null,
    metricsTable('All other metrics', rest),
  ].filter((x): x is HTMLElement => x !== null);
}
