// Runs bin/natsk6 on a script and collects what a user would look at:
// the exit code, the output and the --summary-export JSON.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { natsk6Bin, tmpRoot } from './paths.js';

/** One metric in k6's --summary-export format. */
export interface ExportedMetric {
  count?: number;
  rate?: number;
  value?: number;
  passes?: number;
  fails?: number;
  avg?: number;
  min?: number;
  med?: number;
  max?: number;
  'p(90)'?: number;
  'p(95)'?: number;
  /** Threshold expression to whether it FAILED. */
  thresholds?: Record<string, boolean>;
}

export interface ExportedCheck {
  name: string;
  passes: number;
  fails: number;
}

/** A group; setup() and teardown() checks sit in groups of those names. */
export interface ExportedGroup {
  name: string;
  groups: Record<string, ExportedGroup>;
  checks: Record<string, ExportedCheck>;
}

export interface SummaryExport {
  metrics: Record<string, ExportedMetric>;
  root_group: ExportedGroup;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Undefined when natsk6 wrote none (e.g. invalid options). */
  summary?: SummaryExport;
}

export interface RunOptions {
  /** NATS_URL for the script; without it natsk6 starts its embedded server. */
  natsUrl?: string;
  /** -e KEY=VALUE pairs. */
  env?: Record<string, string>;
  /** More CLI flags, e.g. ['--vus', '2']. */
  args?: string[];
  /** Called while the run is going, with the output so far (e.g. to restart a server). */
  onOutput?: (stdout: string) => void;
  timeoutMs?: number;
}

export function runNatsk6(script: string, options: RunOptions = {}): Promise<RunResult> {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'run-'));
  const summaryPath = join(dir, 'summary.json');
  const args = ['run', '--summary-export', summaryPath, ...(options.args ?? [])];
  for (const [k, v] of Object.entries(options.env ?? {})) args.push('-e', `${k}=${v}`);
  if (options.natsUrl) args.push('-e', `NATS_URL=${options.natsUrl}`);
  args.push(script);
  const env = { ...process.env };
  delete env.NATS_URL;
  return new Promise((resolve, reject) => {
    const proc = spawn(natsk6Bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    proc.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      options.onOutput?.(stdout);
    });
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.once('error', reject);
    proc.once('close', (code, signal) => {
      clearTimeout(timer);
      const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryExport) : undefined;
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, summary });
    });
  });
}

/** The count of a counter metric, 0 when it was never emitted. */
export function count(summary: SummaryExport | undefined, metric: string): number {
  return summary?.metrics[metric]?.count ?? 0;
}

function allChecks(group: ExportedGroup | undefined): ExportedCheck[] {
  if (!group) return [];
  return [...Object.values(group.checks ?? {}), ...Object.values(group.groups ?? {}).flatMap(allChecks)];
}

/** Passes and fails of every check, in every group. */
export function checkTotals(summary: SummaryExport | undefined): { passes: number; fails: number } {
  const checks = allChecks(summary?.root_group);
  return {
    passes: checks.reduce((n, c) => n + c.passes, 0),
    fails: checks.reduce((n, c) => n + c.fails, 0),
  };
}

/** The check of that name, in whichever group it ran. */
export function findCheck(summary: SummaryExport | undefined, name: string): ExportedCheck | undefined {
  return allChecks(summary?.root_group).find((c) => c.name === name);
}
