import { FORECAST_MODELS } from '../../../compute';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import { decodeArtifact, type ModelArtifact } from '../../models/artifact';
import type { BacktestAccuracy, ForecastPointRecord } from './forecast-math';

/** The levels a FORECAST run stores bands for. */
export const STORED_LEVELS = [80, 95] as const;

/** A decoded FORECAST run: per product (row) `horizon` means and bands, the model used and its backtest. */
interface StoredRun {
  id: string;
  origin: number;
  horizon: number;
  rowOf: Map<string, number>;
  artifact: ModelArtifact;
}

const DAY_MS = 86_400_000;

/** Reads the active FORECAST version (decoded once per version) and answers forecasts it covers. */
export class StoredForecasts {
  private run: StoredRun | null = null;

  async lookup(ctx: RequestContext, productId: string, origin: number, horizon: number, levels: number[]):
    Promise<{ points: ForecastPointRecord[]; model: string; accuracy: BacktestAccuracy | null } | null> {
    if (!levels.every((l) => (STORED_LEVELS as readonly number[]).includes(l))) return null;
    const run = await this.current(ctx);
    if (!run || run.origin !== origin || horizon > run.horizon) return null;
    const row = run.rowOf.get(productId);
    if (row === undefined) return null;
    const a = run.artifact.arrays as Record<string, Float32Array & Int32Array>;
    const at = (name: string, j: number) => Number(a[name][row * run.horizon + j]);
    const points = Array.from({ length: horizon }, (_, j) => ({
      date: new Date(origin + j * DAY_MS).toISOString().slice(0, 10),
      mean: at('mean', j),
      bands: levels.map((level) => ({ level, lower: at(`lower${level}`, j), upper: at(`upper${level}`, j) })),
    }));
    const smape = a.smape[row];
    const mase = a.mase[row];
    const accuracy = Number.isNaN(smape) ? null : { smape, mase: Number.isNaN(mase) ? null : mase, periods: run.horizon };
    return { points, model: FORECAST_MODELS[a.model[row]] ?? 'auto', accuracy };
  }

  private async current(ctx: RequestContext): Promise<StoredRun | null> {
    const [version] = await query<{ id: string; params: Record<string, unknown> }>(
      ctx,
      `SELECT id::text AS id, params FROM model_versions WHERE kind = 'FORECAST' AND active AND status = 'READY'`,
    );
    if (!version) return (this.run = null);
    if (this.run?.id === version.id) return this.run;
    const [blob] = await query<{ data: Buffer }>(ctx, `SELECT data FROM model_artifacts WHERE model_id = $1::bigint`, [version.id]);
    if (!blob) return null;
    const artifact = decodeArtifact(blob.data);
    this.run = {
      id: version.id,
      origin: Date.parse(String(version.params.origin)),
      horizon: Number(version.params.horizon),
      rowOf: new Map(artifact.itemIds.map((id, i) => [id, i])),
      artifact,
    };
    return this.run;
  }
}
