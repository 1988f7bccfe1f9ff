export { mase, smape } from './accuracy';
export { accuracyRows, DEFAULT_EVAL_MODELS, evaluateFile, pool } from './evaluation';
export type { AccuracyRow, AccuracySums, EvaluationFile } from './evaluation';
export { pairSeries, readM4File } from './m4-format';
export type { SeriesFile } from './m4-format';
