import type { EvaluationRow } from '../../domain/recommendations/evaluation';
import type { CliContext } from '../cli-context';

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/**
 * One report line: the metric names of API.md, plus timing, users averaged over and hyper-parameters; `extra`
 * adds protocol fields (seed, protocol name, split dates) after them.
 */
export function reportLine(ctx: CliContext, row: EvaluationRow, extra: Record<string, unknown>): void {
  const record = {
    model: row.model,
    map: round(row.map),
    'ndcg@10': round(row.ndcg),
    'precision@10': round(row.precision),
    'recall@10': round(row.recall),
    train_seconds: round(row.trainSeconds, 3),
    recommend_seconds: round(row.recommendSeconds, 3),
    users: row.users,
    ...extra,
    params: row.params,
  };
  const human =
    `${row.model.padEnd(11)} map ${record.map.toFixed(4)}  ndcg@10 ${record['ndcg@10'].toFixed(4)}  ` +
    `precision@10 ${record['precision@10'].toFixed(4)}  recall@10 ${record['recall@10'].toFixed(4)}  ` +
    `train ${record.train_seconds}s  recommend ${record.recommend_seconds}s  users ${row.users}  ${JSON.stringify(row.params)}`;
  ctx.print(record, human);
}
