import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ForecastRecord } from '../../domain/forecasts/serving/forecast.service';

export enum ForecastInterval {
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(ForecastInterval, { name: 'ForecastInterval', description: 'Period of a forecast: UTC days, or weeks from Monday.' });

@ObjectType({ description: 'A prediction interval: the level (percent) and its bounds.' })
export class ForecastBand {
  @Field(() => Int)
  level!: number;

  @Field(() => Float)
  lower!: number;

  @Field(() => Float)
  upper!: number;
}

@ObjectType({ description: 'One forecast period: units expected and the requested intervals (never below zero).' })
export class ForecastPoint {
  @Field({ description: 'First day of the period, YYYY-MM-DD (UTC).' })
  date!: string;

  @Field(() => Float)
  mean!: number;

  @Field(() => Float, { nullable: true, description: 'The 80 % interval, when 80 is among the levels.' })
  lower80!: number | null;

  @Field(() => Float, { nullable: true })
  upper80!: number | null;

  @Field(() => Float, { nullable: true, description: 'The 95 % interval, when 95 is among the levels.' })
  lower95!: number | null;

  @Field(() => Float, { nullable: true })
  upper95!: number | null;

  @Field(() => [ForecastBand], { description: 'Every requested level.' })
  bands!: ForecastBand[];
}

@ObjectType({ description: 'How the same model did when the last `periods` of the history were held out (one origin).' })
export class ForecastAccuracy {
  @Field(() => Float, { description: 'sMAPE in percent (M4 definition).' })
  smape!: number;

  @Field(() => Float, { nullable: true, description: 'MASE against the in-sample seasonal naive; null for a flat history.' })
  mase!: number | null;

  @Field(() => Int)
  periods!: number;
}

@ObjectType({ description: 'A demand forecast with intervals.' })
export class Forecast {
  @Field(() => [ForecastPoint])
  points!: ForecastPoint[];

  @Field({ description: 'The model used (the automatic choice names what it picked: comb_median, sba, …).' })
  model!: string;

  @Field(() => ForecastAccuracy, { nullable: true })
  accuracy!: ForecastAccuracy | null;

  @Field({ description: '`stored`: from the latest FORECAST run; `computed`: on demand.' })
  source!: string;

  @Field(() => String, { nullable: true, description: 'Why a forecast is trivial (e.g. no sales), when it is.' })
  note!: string | null;
}

export function toForecast(r: ForecastRecord): Forecast {
  const band = (bands: ForecastBand[], level: number) => bands.find((b) => b.level === level) ?? null;
  return {
    points: r.points.map((p) => ({
      date: p.date,
      mean: p.mean,
      bands: p.bands,
      lower80: band(p.bands, 80)?.lower ?? null,
      upper80: band(p.bands, 80)?.upper ?? null,
      lower95: band(p.bands, 95)?.lower ?? null,
      upper95: band(p.bands, 95)?.upper ?? null,
    })),
    model: r.model,
    accuracy: r.accuracy,
    source: r.source,
    note: r.note,
  };
}
