// The web dashboard in a real browser: a short run exports the HTML
// report, headless Chromium opens it with no network, every chart must
// have drawn points and the page's numbers must equal --summary-export.
// A second run checks that the live server streams events while it runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { natsk6Bin, repoRoot, scriptsDir, tmpRoot } from './harness/paths.js';
import type { SummaryExport } from './harness/natsk6.js';

const script = join(scriptsDir, 'dashboard-load.ts');
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Runs bin/natsk6 with process environment additions; resolves with its exit code and output. */
function run(args: string[], env: Record<string, string>, onStderr?: (text: string) => void): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(natsk6Bin, ['run', ...args, script], { env: { ...process.env, NATS_URL: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), 90_000);
    proc.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      onStderr?.(stderr);
    });
    proc.once('error', reject);
    proc.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}

function scratch(): string {
  mkdirSync(tmpRoot, { recursive: true });
  return mkdtempSync(join(tmpRoot, 'dashboard-'));
}

describe('web dashboard', () => {
  it('exports a self-contained report whose charts draw and whose numbers equal --summary-export', async () => {
    const dir = scratch();
    const report = join(dir, 'report.html');
    const summaryPath = join(dir, 'summary.json');
    const { code, stderr } = await run(['--summary-export', summaryPath],
      { K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_PORT: '-1', K6_WEB_DASHBOARD_PERIOD: '1s', K6_WEB_DASHBOARD_EXPORT: report });
    expect(code, stderr).toBe(0);
    expect(existsSync(report)).toBe(true);
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryExport;
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // everything inlined

    const browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: '/usr/bin/chromium', args: chromiumFlags, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${report}`);
      await page.waitForSelector('[data-chart] canvas');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      const charts = await page.$$eval('[data-chart]', (els) => els.map((el) => {
        const canvas = el.querySelector('canvas')!;
        const ctx = canvas.getContext('2d')!;
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
        return { id: (el as HTMLElement).dataset.chart!, points: Number((el as HTMLElement).dataset.points), painted };
      }));
      expect(charts.map((c) => c.id).sort()).toEqual(['consumer-lag', 'data', 'e2e-latency', 'errors', 'iteration-duration',
        'iterations', 'js-publish-latency', 'js-publish-latency-corrected', 'messages', 'nats-data', 'publish-delay',
        'request-latency', 'request-latency-corrected', 'vus'].sort());
      for (const c of charts) {
        expect(c.points, c.id).toBeGreaterThan(2);
        expect(c.painted, c.id).toBeGreaterThan(100);
      }

      // Every value cell equals the export (rates: the export's "value").
      const cells = await page.$$eval('[data-metric][data-stat]', (els) => els.map((el) => ({
        metric: (el as HTMLElement).dataset.metric!, stat: (el as HTMLElement).dataset.stat!, value: Number((el as HTMLElement).dataset.value), text: el.textContent!,
      })));
      expect(cells.length).toBeGreaterThan(50);
      const shown = new Set(cells.map((c) => c.metric));
      expect([...shown].sort()).toEqual(Object.keys(summary.metrics).sort());
      for (const c of cells) {
        const exported = summary.metrics[c.metric] as Record<string, unknown>;
        const key = c.stat === 'rate' && 'passes' in exported ? 'value' : c.stat;
        expect(c.value, `${c.metric} ${c.stat}`).toBe(exported[key]);
      }
      const iterations = cells.find((c) => c.metric === 'iterations' && c.stat === 'count')!;
      expect(iterations.text).toBe(`count=${summary.metrics.iterations.count}`);

      const thresholds = await page.$$eval('[data-threshold]', (els) => els.map((el) => ({ key: (el as HTMLElement).dataset.threshold!, mark: el.querySelector('.mark')!.textContent })));
      expect(thresholds).toEqual([
        { key: 'checks rate>0.5', mark: '✓' },
        { key: 'iterations count>10', mark: '✓' },
        { key: 'nats_request_duration p(95)<1000', mark: '✓' },
      ]);
      for (const [name, check] of Object.entries(summary.root_group.checks)) {
        const passes = await page.$eval(`[data-check="${name}"] [data-passes]`, (el) => Number(el.textContent));
        expect(passes, name).toBe(check.passes);
      }
      // The README's picture is refreshed only on request, so a test run
      // leaves the checkout clean: NATSK6_UPDATE_SCREENSHOT=1 npx vitest run js-tests/dashboard.test.ts
      const shot = process.env.NATSK6_UPDATE_SCREENSHOT === '1' ? join(repoRoot, 'docs', 'dashboard-report.png') : join(dir, 'dashboard-report.png');
      await page.screenshot({ path: shot, fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it('streams snapshots to the live page while the test runs', async () => {
    const dir = scratch();
    const browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: '/usr/bin/chromium', args: chromiumFlags, viewport: { width: 1280, height: 900 } });
    try {
      let resolveUrl: (url: string) => void = () => {};
      const url = new Promise<string>((r) => (resolveUrl = r));
      const finished = run([], { K6_WEB_DASHBOARD: 'true', K6_WEB_DASHBOARD_PORT: '0', K6_WEB_DASHBOARD_PERIOD: '1s' }, (text) => {
        const m = /web-dashboard (http:\/\/\S+)/.exec(text);
        if (m) resolveUrl(m[1]);
      });
      const done = finished.then(() => 'done');
      // The banner's output line names the live page's address.
      const address = await Promise.race([url, done]);
      expect(address).toMatch(/^http:\/\//);
      const page = await browser.newPage();
      await page.goto(address);
      // Two snapshots drawn before the run ends: the page is live.
      await page.waitForFunction(() => Number(document.getElementById('app')?.dataset.rendered ?? 0) >= 2, undefined, { timeout: 20_000 });
      expect(await page.$eval('#status', (el) => (el as HTMLElement).dataset.done)).toBe('false');
      expect(await Promise.race([done, Promise.resolve('running')])).toBe('running');
      // The final state carries the summary.
      await page.waitForSelector('#status[data-done="true"]', { timeout: 30_000 });
      await page.waitForSelector('[data-metric-row="iterations"]');
      expect((await finished).code).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
