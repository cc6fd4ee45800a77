import { spawnSync } from 'node:child_process';

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}
interface Family {
  name: string;
  type: string;
  samples: Sample[];
}

/**
 * Prometheus' own Python client reads the exposition (Debian's python3-prometheus-client,
 * which .ci/run installs), so what the tests read is what a scraper would.
 */
const PARSE = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": family.name, "type": family.type, "samples": [
        {"name": s.name, "labels": s.labels, "value": None if math.isnan(s.value) else s.value}
        for s in family.samples]})
print(json.dumps(out))
`;

/**
 * A Prometheus text exposition, parsed. Lookups match the labels given and add up every
 * sample that has them, so `value('x_total')` is the family's sum.
 */
export interface Exposition {
  /** The family's type as declared: counter, gauge, histogram, … */
  type(family: string): string | undefined;
  value(sample: string, labels?: Labels): number;
  histogram(family: string, labels?: Labels): { count: number; sum: number };
  /** Label sets of the samples named `sample`. */
  series(sample: string): Labels[];
  /** Samples in the families whose names start with `prefix` (histogram buckets included). */
  seriesCount(prefix: string): number;
}

export function readExposition(text: string): Exposition {
  const run = spawnSync('/usr/bin/python3', ['-c', PARSE], { input: text, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`the exposition does not parse: ${run.stderr}`);
  const families = JSON.parse(run.stdout) as Family[];
  const samples = families.flatMap((family) => family.samples);
  const matching = (name: string, labels: Labels) =>
    samples.filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => (sample.labels[key] ?? '') === value),
    );
  const value = (name: string, labels: Labels = {}) =>
    matching(name, labels).reduce((sum, sample) => sum + sample.value, 0);
  return {
    type: (name) => families.find((family) => family.name === name)?.type,
    value,
    histogram: (name, labels = {}) => ({
      count: value(`${name}_count`, labels),
      sum: value(`${name}_sum`, labels),
    }),
    series: (name) => matching(name, {}).map((sample) => sample.labels),
    seriesCount: (prefix) =>
      families
        .filter((family) => family.name.startsWith(prefix))
        .reduce((count, family) => count + family.samples.length, 0),
  };
}

/** `promtool check metrics`: Prometheus' linter over an exposition. */
export function promtoolCheckMetrics(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
