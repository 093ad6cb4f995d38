import { writeFileSync } from 'node:fs';

/** One figure: what was measured, against what, and whether the goal of issue 5 is met. */
export interface Result {
  name: string;
  value: number;
  baseline: number | null;
  ratio: number | null;
  goal: string;
  met: boolean | null;
  unit: string;
}

export function result(
  name: string,
  unit: string,
  value: number,
  baseline: number | null,
  goal: string,
  meets: ((ratio: number, value: number) => boolean) | null,
): Result {
  const ratio = baseline === null || baseline === 0 ? null : value / baseline;
  const met = meets === null ? null : meets(ratio ?? Number.NaN, value);
  return { name, unit, value, baseline, ratio, goal, met };
}

const fmt = (n: number | null) =>
  n === null
    ? '—'
    : Math.abs(n) >= 1000
      ? Math.round(n).toLocaleString('en-US')
      : Math.abs(n) >= 10
        ? n.toFixed(1)
        : n.toPrecision(3);

/** The results as an aligned text table. */
export function table(results: readonly Result[]): string {
  const rows = [
    ['figure', 'value', 'baseline', 'ratio', 'goal', 'met'],
    ...results.map((r) => [
      `${r.name} (${r.unit})`,
      fmt(r.value),
      fmt(r.baseline),
      r.ratio === null ? '—' : `${fmt(r.ratio)}×`,
      r.goal,
      r.met === null ? '—' : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}

export function writeResults(file: string, results: readonly Result[]): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
