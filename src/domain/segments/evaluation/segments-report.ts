import {
  clvFitRecord, customerValues, expectedPurchases, fitClvModels, formatDay, purchaseDaysBetween, summariseTransactions,
  type Transaction,
} from '../../marketing/clv';
import { buildFeatures, evaluatePropensity, PROPENSITY_FEATURES } from '../../marketing/propensity';
import { clusterBehaviour, type ClusterInput } from '../clustering';
import { countSegments, RFM_SEGMENTS, scoreRfm, type RfmInput } from '../rfm';
import { isAisleError } from '../../common/errors';
import { isPurchase, type OnlineRetailInvoices } from './online-retail-invoices';

/**
 * `aisle eval segments` is a list of report sections run in order over one parsed data set; each adds its keys to
 * the one printed record. Clustering (k, silhouette) and propensity (auc, f1, … and baseline_*) plug in as further
 * sections: write a `ReportSection` and append it to `SEGMENT_REPORT_SECTIONS`.
 */
export interface SegmentsEvaluationData {
  source: OnlineRetailInvoices;
  /** Day after the last invoice (UTC midnight): RFM's "as of". */
  referenceDate: Date;
  rfmInputs: RfmInput[];
  /** Purchase invoices as CLV transactions (one per invoice, amount = net value). */
  transactions: Transaction[];
}

export interface ReportSection {
  name: string;
  run(data: SegmentsEvaluationData): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const DAY_MS = 86_400_000;
export const HOLDOUT_DAYS = 90;

export function prepareSegmentsData(source: OnlineRetailInvoices): SegmentsEvaluationData {
  const lastDay = Math.floor(source.lastInvoiceMs / DAY_MS);
  const perCustomer = new Map<string, RfmInput>();
  const transactions: Transaction[] = [];
  for (const inv of source.invoices) {
    let c = perCustomer.get(inv.customerId);
    if (!c) perCustomer.set(inv.customerId, (c = { userId: inv.customerId, lastPurchaseAt: new Date(0), frequency: 0, monetary: 0 }));
    c.monetary += inv.net;
    if (!isPurchase(inv)) continue;
    c.frequency++;
    if (inv.placedAtMs > c.lastPurchaseAt.getTime()) c.lastPurchaseAt = new Date(inv.placedAtMs);
    transactions.push({ customerId: inv.customerId, day: Math.floor(inv.placedAtMs / DAY_MS), amount: inv.net });
  }
  const rfmInputs = [...perCustomer.values()].filter((c) => c.frequency > 0);
  for (const c of rfmInputs) c.monetary = Math.round(c.monetary * 100) / 100;
  return { source, referenceDate: new Date((lastDay + 1) * DAY_MS), rfmInputs, transactions };
}

export const rfmSection: ReportSection = {
  name: 'rfm',
  run(data) {
    const scores = scoreRfm(data.rfmInputs, data.referenceDate);
    return {
      users: scores.length,
      reference_date: data.referenceDate.toISOString().slice(0, 10),
      rfm_segments: countSegments(scores, RFM_SEGMENTS),
    };
  },
};

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const r4 = (x: number) => Number(x.toFixed(4));

/**
 * BG/NBD + Gamma-Gamma in days, calibrated on all but the last HOLDOUT_DAYS days; the holdout compares each
 * calibration customer's E[Y(90 days)] with the purchase days they actually had.
 */
export const clvSection: ReportSection = {
  name: 'clv',
  run(data) {
    const lastDay = Math.floor(data.source.lastInvoiceMs / DAY_MS);
    const endDay = lastDay - HOLDOUT_DAYS;
    const summaries = summariseTransactions(data.transactions, endDay, 'day');
    const fit = fitClvModels(summaries);
    const actual = purchaseDaysBetween(data.transactions, endDay, lastDay);
    const bg = fit.bgNbd.params;
    const predicted = summaries.map((c) => expectedPurchases(bg, c, HOLDOUT_DAYS));
    const observed = summaries.map((c) => actual.get(c.customerId) ?? 0);
    const totalPredicted = predicted.reduce((s, x) => s + x, 0);
    const totalActual = observed.reduce((s, x) => s + x, 0);
    const values = fit.gammaGamma
      ? customerValues(bg, fit.gammaGamma.params, summaries, { unitDays: 1, monthlyDiscountRate: 0.01 })
      : [];
    return {
      clv: { ...clvFitRecord(fit), time_unit: 'day', calibration_end: formatDay(endDay), fit_seconds: r4(fit.seconds) },
      clv_holdout: {
        days: HOLDOUT_DAYS,
        customers: summaries.length,
        predicted_total: r4(totalPredicted),
        actual_total: totalActual,
        ratio: r4(totalPredicted / Math.max(totalActual, 1)),
        mae: r4(mean(predicted.map((p, i) => Math.abs(p - observed[i])))),
        mean_p_alive: r4(mean(values.map((v) => v.probabilityAlive))),
        mean_clv_12m: r4(mean(values.map((v) => v.clv))),
      },
    };
  },
};

/** The clustering table of customers as of the reference date: RFM, basket value, returns and tenure. */
export function behaviourTable(data: SegmentsEvaluationData): ClusterInput {
  const m = buildFeatures(data.source.invoices, data.referenceDate.getTime());
  const n = m.customerIds.length;
  const columns = ['recency_days', 'frequency', 'monetary', 'avg_order_value', 'return_rate', 'tenure_days'];
  const values = new Float32Array(n * columns.length);
  const revenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = (name: (typeof PROPENSITY_FEATURES)[number]) => m.x[i * m.d + PROPENSITY_FEATURES.indexOf(name)];
    const row = [f('recency_days'), Math.expm1(f('log_frequency')), Math.expm1(f('log_monetary')),
      Math.expm1(f('log_avg_order_value')), f('return_rate'), f('tenure_days')];
    values.set(row, i * columns.length);
    revenue[i] = row[2];
  }
  return { ids: m.customerIds, columns, values, revenue, logColumns: ['recency_days', 'frequency', 'monetary', 'avg_order_value', 'tenure_days'] };
}

/** Behavioural k-means with k chosen by silhouette (2..8), clusters described in original units. */
export const clusteringSection: ReportSection = {
  name: 'clustering',
  async run(data) {
    const result = await clusterBehaviour(behaviourTable(data));
    return {
      k: result.k,
      silhouette: result.silhouette,
      k_tried: result.tried,
      clusters: result.clusters.map((c) => ({ name: c.name, size: c.size, share: c.share, revenue_share: c.revenueShare, centroid: c.centroid })),
    };
  },
};

/** The MLP propensity model against the recency-only logistic baseline on a time-based holdout (next 30 days). */
export const propensitySection: ReportSection = {
  name: 'propensity',
  async run(data) {
    const e = await evaluatePropensity(data.source.invoices, data.source.lastInvoiceMs);
    const pick = (m: typeof e.mlp, prefix: string) => ({
      [`${prefix}auc`]: r4(m.auc), [`${prefix}f1`]: r4(m.f1), [`${prefix}accuracy`]: r4(m.accuracy),
      [`${prefix}precision`]: r4(m.precision), [`${prefix}recall`]: r4(m.recall), [`${prefix}logloss`]: r4(m.logloss),
    });
    return {
      ...pick(e.mlp, ''),
      ...pick(e.baseline, 'baseline_'),
      propensity: {
        model: 'mlp 10-32-16-1 (ReLU, sigmoid, BCE, Adam, L2, early stopping)',
        baseline: 'logistic regression on recency',
        train_cutoff: e.train_cutoff, test_cutoff: e.test_cutoff, horizon_days: e.horizon_days,
        train_customers: e.train_customers, test_customers: e.test_customers,
        test_positive_rate: r4(e.test_positive_rate), threshold: e.mlp.threshold, baseline_threshold: e.baseline.threshold,
        best_epoch: e.best_epoch,
      },
    };
  },
};

/** The sections `aisle eval segments` runs, in order. */
export const SEGMENT_REPORT_SECTIONS: ReportSection[] = [rfmSection, clvSection, clusteringSection, propensitySection];

export async function runSegmentsReport(
  data: SegmentsEvaluationData,
  sections: readonly ReportSection[] = SEGMENT_REPORT_SECTIONS,
): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = {};
  const seconds: Record<string, number> = {};
  for (const section of sections) {
    const started = process.hrtime.bigint();
    try {
      Object.assign(record, await section.run(data));
    } catch (error) {
      // a part that needs more data than the log holds says why; the other parts still report
      if (!isAisleError(error)) throw error;
      record[`${section.name}_skipped`] = error.message;
    }
    seconds[section.name] = r4(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { ...record, section_seconds: seconds };
}
