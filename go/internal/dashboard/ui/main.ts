// The web dashboard's page: the HTML report (its state embedded) or the
// live page (the state streamed from /events while the test runs).
import type uPlot from 'uplot';
import { drawChart, visibleCharts } from './charts';
import { h } from './dom';
import { formatMs } from './format';
import { summaryTables } from './tables';
import type { MetricInfo, PageState, Snapshot } from './types';

let plots: uPlot[] = [];

function header(state: PageState, live: boolean): HTMLElement {
  const started = new Date(state.start).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const status = state.done ? 'finished' : live ? 'running (live)' : 'incomplete';
  const facts = [`started ${started}`, `status: ${status}`, `one point per ${formatMs(state.period)}`];
  if (state.summary) facts.push(`duration ${formatMs(state.summary.durationMs)}`);
  return h('header', {}, h('h1', {}, 'natsk6 test report'), h('p', { id: 'status', 'data-done': String(state.done) }, facts.join(' · ')));
}

function render(app: HTMLElement, state: PageState, live: boolean): void {
  for (const p of plots) p.destroy();
  plots = [];
  app.replaceChildren(header(state, live));
  const specs = visibleCharts(state);
  for (const [section, title] of [['run', 'Test run'], ['nats', 'NATS']] as const) {
    const inSection = specs.filter((c) => c.section === section);
    if (inSection.length === 0) continue;
    const grid = h('div', { class: 'grid' });
    app.append(h('section', { class: 'charts', id: `section-${section}` }, h('h2', {}, title), grid));
    for (const spec of inSection) {
      const el = h('div', { class: 'chart', 'data-chart': spec.id });
      grid.append(el);
      plots.push(drawChart(el, spec, state));
    }
  }
  app.append(h('section', { id: 'summary' }, h('h2', {}, 'Summary'), ...summaryTables(state)));
  app.dataset.rendered = String(state.snapshots?.length ?? 0);
}

/** Follows the live run: the whole state first and at the end, one snapshot per period between. */
function follow(app: HTMLElement): void {
  let state: PageState | null = null;
  const events = new EventSource('events');
  events.addEventListener('state', (e) => {
    state = JSON.parse((e as MessageEvent<string>).data) as PageState;
    render(app, state, true);
    if (state.done) events.close();
  });
  events.addEventListener('snapshot', (e) => {
    if (!state) return;
    const ev = JSON.parse((e as MessageEvent<string>).data) as { metrics: Record<string, MetricInfo>; snapshot: Snapshot };
    const snaps = (state.snapshots ??= []);
    // A snapshot may come both in the first state and as its event.
    if (snaps.length > 0 && snaps[snaps.length - 1].t >= ev.snapshot.t) return;
    snaps.push(ev.snapshot);
    state.metrics = ev.metrics;
    render(app, state, true);
  });
}

const app = document.getElementById('app')!;
const embedded = JSON.parse(document.getElementById('natsk6-state')?.textContent ?? 'null') as PageState | null;
if (embedded) render(app, embedded, false);
else follow(app);
