import { createHash } from 'node:crypto';
import { FORECAST_MODELS } from '../../../compute';
import { BadUserInputError, ModelNotReadyError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { query } from '../../common/sql';
import type { JobHandle } from '../../jobs/job-execution';
import type { ModelRegistry } from '../../models/model-registry';
import { SalesSeriesService } from '../series';
import { backtest, forecastCounts, SEASON } from './forecast-math';
import { forecastOrigin, HISTORY_PERIODS, MAX_HORIZON } from './forecast-target';
import { STORED_LEVELS } from './stored-forecasts';

/** Products forecast per native call (keeps the series block and results small). */
const CHUNK = 2_000;
const DAY_MS = 86_400_000;

export interface ForecastTrainingParams {
  horizon: number;
}

/** `trainModel(FORECAST, params: { horizon })`: horizon in days, 1..365 (default 28); nothing else. */
export function resolveForecastParams(raw: unknown): ForecastTrainingParams {
  const given = (raw ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw new BadUserInputError('params', 'must be a JSON object');
  for (const key of Object.keys(given)) if (key !== 'horizon') throw new BadUserInputError(`params.${key}`, 'unknown parameter for FORECAST; known: horizon');
  const horizon = given.horizon ?? 28;
  if (!Number.isInteger(horizon) || (horizon as number) < 1 || (horizon as number) > MAX_HORIZON.DAY) {
    throw new BadUserInputError('params.horizon', `must be a whole number of days between 1 and ${MAX_HORIZON.DAY}`);
  }
  return { horizon: horizon as number };
}

async function activeProducts(ctx: RequestContext): Promise<string[]> {
  const rows = await query<{ id: string }>(ctx, `SELECT id::text AS id FROM products WHERE active ORDER BY id`);
  return rows.map((r) => r.id);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const round = (x: number | null) => (x === null ? null : Math.round(x * 1e4) / 1e4);

/**
 * The FORECAST job: daily forecasts of every active product (two years of history, the addon's automatic choice,
 * 80/95 % bands, never below zero) with a one-origin backtest per product, stored as one model version whose
 * artifact holds the arrays; `forecast` and `Product.forecast` answer from it while its origin is today's.
 */
export async function runForecastTraining(job: JobHandle, registry: ModelRegistry, params: ForecastTrainingParams): Promise<Record<string, unknown>> {
  const { ctx } = job;
  const origin = await forecastOrigin(ctx);
  const recorded = { ...params, interval: 'DAY', levels: [...STORED_LEVELS], origin: new Date(origin).toISOString().slice(0, 10) };
  const modelId = await registry.createTraining(ctx, 'FORECAST', recorded, 'forecast-v1', job.id);
  try {
    const products = await activeProducts(ctx);
    if (products.length === 0) throw new ModelNotReadyError('no active products to forecast');
    const h = params.horizon;
    const n = products.length;
    const arrays = {
      mean: new Float32Array(n * h), lower80: new Float32Array(n * h), upper80: new Float32Array(n * h),
      lower95: new Float32Array(n * h), upper95: new Float32Array(n * h),
      model: new Int32Array(n), smape: new Float32Array(n).fill(NaN), mase: new Float32Array(n).fill(NaN),
    };
    const digest = createHash('sha256');
    const range = { from: new Date(origin - HISTORY_PERIODS.DAY * DAY_MS).toISOString().slice(0, 10), to: recorded.origin };
    const series = new SalesSeriesService();
    const started = Date.now();
    for (let start = 0; start < n; start += CHUNK) {
      const ids = products.slice(start, start + CHUNK);
      const history = await series.products(ctx, ids, range, 'DAY');
      const values = ids.map((id) => {
        const s = history.get(id)!;
        digest.update(Buffer.from(s.quantity.buffer, s.quantity.byteOffset, s.quantity.byteLength));
        return Float64Array.from(s.firstSale < 0 ? [0] : s.quantity.subarray(s.firstSale));
      });
      const [out, accuracy] = await Promise.all([forecastCounts(values, h, SEASON.DAY, [...STORED_LEVELS]), backtest(values, h, SEASON.DAY)]);
      ids.forEach((_, k) => {
        const row = start + k;
        arrays.mean.set(out.mean.subarray(k * h, (k + 1) * h), row * h);
        STORED_LEVELS.forEach((level, l) => {
          arrays[`lower${level}`].set(out.lower.subarray((k * 2 + l) * h, (k * 2 + l + 1) * h), row * h);
          arrays[`upper${level}`].set(out.upper.subarray((k * 2 + l) * h, (k * 2 + l + 1) * h), row * h);
        });
        arrays.model[row] = FORECAST_MODELS.indexOf(out.models[k]);
        if (accuracy[k]) {
          arrays.smape[row] = accuracy[k]!.smape;
          if (accuracy[k]!.mase !== null) arrays.mase[row] = accuracy[k]!.mase!;
        }
      });
      job.progress(0.05 + 0.85 * Math.min(1, (start + ids.length) / n), `forecast ${Math.min(n, start + ids.length)} of ${n} products`);
    }
    const smapes = Array.from(arrays.smape).filter((x) => !Number.isNaN(x));
    const mases = Array.from(arrays.mase).filter((x) => !Number.isNaN(x));
    const metrics = {
      products: n, horizon: h, backtested: smapes.length,
      smape: round(mean(smapes)), mase: round(mean(mases)), forecast_seconds: (Date.now() - started) / 1000,
    };
    const artifact = { kind: 'FORECAST', userIds: [], itemIds: products, arrays };
    await registry.saveReady(ctx, modelId, artifact, metrics, `sha256:${digest.digest('hex')}`);
    await registry.activate(ctx, modelId); // the newest forecasts replace the previous run
    job.progress(1, 'forecasts saved');
    return { modelId, kind: 'FORECAST', activated: true, metrics };
  } catch (error) {
    await registry.markFailed(ctx, modelId).catch(() => undefined);
    throw error;
  }
}
