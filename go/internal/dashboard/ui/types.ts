/** What the page knows of a metric: its k6 type and what its values measure. */
export interface MetricInfo {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  /** default, time (milliseconds) or data (bytes). */
  contains: 'default' | 'time' | 'data';
}

/** One period's values per metric, e.g. m.nats_request_duration['p(95)']. */
export interface Snapshot {
  /** End of the period, Unix milliseconds. */
  t: number;
  m: Record<string, Record<string, number>>;
}

/** One threshold with the value it was checked against. */
export interface ThresholdRow {
  metric: string;
  source: string;
  aggregation: string;
  value: number;
  ok: boolean;
}

/** One check of one group ('' is the root group). */
export interface CheckRow {
  group: string;
  name: string;
  passes: number;
  fails: number;
}

/** One metric of the end-of-test summary, with the values --summary-export has. */
export interface SummaryMetric {
  name: string;
  type: MetricInfo['type'];
  contains: MetricInfo['contains'];
  values: Record<string, number>;
}

/** The end-of-test summary, as the tables show it. */
export interface Summary {
  durationMs: number;
  thresholds: ThresholdRow[] | null;
  checks: CheckRow[] | null;
  metrics: SummaryMetric[] | null;
}

/** Everything the page draws; the report embeds it, the live page streams it. */
export interface PageState {
  /** Start of the run, Unix milliseconds. */
  start: number;
  /** Length of a period, milliseconds. */
  period: number;
  metrics: Record<string, MetricInfo>;
  snapshots: Snapshot[] | null;
  summary: Summary | null;
  /** The run has ended. */
  done: boolean;
}
