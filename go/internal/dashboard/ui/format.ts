import type { MetricInfo } from './types';

/** A number as the summary prints it: integers whole, others with up to 3 decimals. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(3)));
}

/** A duration in milliseconds with a fitting unit (µs, ms, s). */
export function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  const abs = Math.abs(ms);
  if (abs < 1) return `${formatNumber(ms * 1000)}µs`;
  if (abs < 1000) return `${formatNumber(ms)}ms`;
  return `${formatNumber(ms / 1000)}s`;
}

/** A byte count with a decimal unit (B, kB, MB, GB), as k6 prints data. */
export function formatBytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(b) >= 1000 && i < units.length - 1) {
    b /= 1000;
    i++;
  }
  return `${formatNumber(b)} ${units[i]}`;
}

/**
 * A summary value of a metric: times and data in their units, rates of
 * rate metrics as percentages, per-second rates with /s.
 */
export function formatStat(v: number, stat: string, info: Pick<MetricInfo, 'type' | 'contains'>): string {
  if (info.type === 'rate' && stat === 'rate') return `${formatNumber(v * 100)}%`;
  if (stat === 'passes' || stat === 'fails' || (stat === 'count' && info.type !== 'trend')) {
    return info.contains === 'data' && stat === 'count' ? formatBytes(v) : formatNumber(v);
  }
  const perSecond = info.type === 'counter' && stat === 'rate';
  let text: string;
  if (info.contains === 'time') text = formatMs(v);
  else if (info.contains === 'data') text = formatBytes(v);
  else text = formatNumber(v);
  return perSecond ? `${text}/s` : text;
}
