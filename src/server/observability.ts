import type { Capabilities } from '../compute';
import type { RequestContext } from '../domain/common/request-context';
import { activeModelAges } from '../domain/models/model-ages';
import type { DomainServices } from '../domain/services';
import type { ReadinessReport } from './http-server';
import { AisleMetrics } from './metrics';

/** What readiness and metrics read: a context to query with, the services, and the addon's capabilities. */
export interface ObservabilityDeps {
  ctx: RequestContext;
  services: DomainServices;
  capabilities: () => Capabilities;
}

function addonCheck(capabilities: () => Capabilities): string {
  try {
    capabilities();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/**
 * /readyz: ready when the database answers and the addon loads. Whether a recommendation model is loaded is shown
 * (`checks.model`: ok | none | error, and `models`) but does not decide readiness: a fresh shop has no model until
 * its first training, and recommendations then fall back to trending products rather than failing.
 */
export async function readiness(deps: ObservabilityDeps): Promise<ReadinessReport> {
  const checks: Record<string, string> = {};
  checks.database = await deps.ctx.dataSource.query('SELECT 1').then(() => 'ok', () => 'unavailable');
  checks.addon = addonCheck(deps.capabilities);
  let models: string[] = [];
  if (checks.database === 'ok') {
    try {
      models = [...(await deps.services.recommendations.models.activeModels(deps.ctx)).keys()];
      checks.model = models.length > 0 ? 'ok' : 'none';
    } catch (error) {
      deps.ctx.logger.warn({ err: error }, 'readiness: active models could not be loaded');
      checks.model = 'error';
    }
  } else {
    checks.model = 'unknown';
  }
  return { ready: checks.database === 'ok' && checks.addon === 'ok', checks, models };
}

/** The process's metrics, fed by the job runner and read at scrape time from the database and the addon. */
export function createMetrics(deps: ObservabilityDeps): AisleMetrics {
  const metrics = new AisleMetrics({ capabilities: deps.capabilities, modelAges: () => activeModelAges(deps.ctx) });
  deps.services.jobQueue.observe((job) => metrics.observeJob(job.kind, job.status, job.seconds));
  return metrics;
}
