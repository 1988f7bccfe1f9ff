import { readFileSync } from 'node:fs';

/** Series as read from an M4-format file: ids in file order and their values. */
export interface SeriesFile {
  ids: string[];
  series: number[][];
}

/**
 * Reads an M4-format CSV: a header "V1".."Vw", then one row per series — its id, then its values, quoted, padded
 * with empty cells to the header's width. Throws on a non-numeric cell, naming the file, line and column.
 */
export function readM4File(file: string): SeriesFile {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const ids: string[] = [];
  const series: number[][] = [];
  for (let row = 1; row < lines.length; row++) {
    const cells = lines[row].split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const values: number[] = [];
    for (let c = 1; c < cells.length && cells[c] !== ''; c++) {
      const v = Number(cells[c]);
      if (!Number.isFinite(v)) throw new Error(`${file}:${row + 1}: column ${c + 1} is not a number (${cells[c]})`);
      values.push(v);
    }
    ids.push(cells[0]);
    series.push(values);
  }
  return { ids, series };
}

/** Train and test files must list the same series in the same order, with at least `horizon` test values each. */
export function pairSeries(train: SeriesFile, test: SeriesFile, horizon: number): void {
  if (train.ids.length !== test.ids.length) {
    throw new Error(`train has ${train.ids.length} series but test has ${test.ids.length}`);
  }
  train.ids.forEach((id, i) => {
    if (test.ids[i] !== id) throw new Error(`series ${i + 1}: train id ${id} but test id ${test.ids[i]}`);
    if (test.series[i].length < horizon) throw new Error(`series ${id}: ${test.series[i].length} test values < horizon ${horizon}`);
    if (train.series[i].length === 0) throw new Error(`series ${id}: no training values`);
  });
}
