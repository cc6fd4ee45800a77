/**
 * The alerting rules and the Grafana dashboard in observability/: valid for Prometheus'
 * own tool, alerting on what they say, and naming only series the gateway exposes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../src/node/prometheus.ts';
import { readExposition } from '../support/exposition.ts';

const dir = new URL('../../observability/', import.meta.url).pathname;
const rulesText = readFileSync(join(dir, 'alerts.yml'), 'utf8');

interface Panel {
  type: string;
  id: number;
  title: string;
  description?: string;
  targets?: Array<{ expr: string; refId: string }>;
}
const dashboard = JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; query?: string | { query: string } }> };
};
const graphs = dashboard.panels.filter((panel) => panel.type !== 'row');

function promtool(...args: string[]) {
  const run = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A dashboard query as Prometheus would receive it, Grafana's variables filled in. */
const asPromQL = (expr: string) =>
  expr
    .replaceAll('$__rate_interval', '5m')
    .replaceAll('$job', '.+')
    .replaceAll('$provider_instance', '.*');

describe('the alerting rules', () => {
  it('pass promtool check rules', () => {
    const { status, output } = promtool('check', 'rules', 'alerts.yml');
    expect(output).toContain('SUCCESS: 4 rules found');
    expect(status).toBe(0);
  });

  it('fire, and stay quiet, as their unit tests say (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('cover an open breaker, the error ratio, p99 latency and failing token renewals', () => {
    for (const alert of [
      'CallgateBreakerOpen',
      'CallgateHighErrorRatio',
      'CallgateHighLatencyP99',
      'CallgateTokenRenewalFailing',
    ]) {
      expect(rulesText).toContain(`alert: ${alert}\n`);
    }
  });
});

describe('the Grafana dashboard', () => {
  it('has panels with ids of their own, each explained', () => {
    expect(dashboard.uid).toBe('callgate');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    expect(graphs.length).toBeGreaterThanOrEqual(15);
    for (const panel of graphs) {
      expect(panel.description, panel.title).toBeTruthy();
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('asks Prometheus only valid PromQL (promtool check rules on every query)', () => {
    const queries = graphs.flatMap((panel) => panel.targets?.map((t) => t.expr) ?? []);
    const rules = {
      groups: [
        {
          name: 'dashboard',
          rules: queries.map((expr, i) => ({
            record: `dashboard:query:${i}`,
            expr: asPromQL(expr),
          })),
        },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'callgate-dashboard-')), 'queries.yml');
    // JSON is YAML: promtool reads it as a rules file.
    writeFileSync(file, JSON.stringify(rules));
    const { status, output } = promtool('check', 'rules', file);
    expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(status).toBe(0);
  });
});

describe('the series the rules and the dashboard name', () => {
  it('are all exposed by the gateway', async () => {
    const { scrape } = createPrometheusMetrics({ instances: ['verba'] });
    const exposition = readExposition((await scrape()).body);
    const exposed = (name: string) =>
      ['', '_total', '_bucket', '_count', '_sum'].some(
        (suffix) =>
          name.endsWith(suffix) && exposition.type(name.slice(0, name.length - suffix.length)),
      );
    const texts = [
      rulesText,
      ...graphs.flatMap((panel) => panel.targets?.map((t) => t.expr) ?? []),
      ...dashboard.templating.list.map((v) =>
        typeof v.query === 'object' ? v.query.query : (v.query ?? ''),
      ),
    ];
    const named = new Set(
      texts.flatMap((text) => text.match(/\b(?:callgate|process|nodejs)_[a-z0-9_]+\b/g) ?? []),
    );
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((name) => !exposed(name))).toEqual([]);
  });
});
