import { DEFAULT_SERVING, DEFAULT_TRAINING, type ServingSettings, type TrainingSettings } from '../config/config';
import { ApiKeyService } from './auth/api-key.service';
import { AuditService } from './auth/audit.service';
import { ChangeFeed } from './common/change-feed';
import { CategoryIngestService } from './catalog/category-ingest.service';
import { CategoryService } from './catalog/category.service';
import { ProductIngestService } from './catalog/product-ingest.service';
import { ProductService } from './catalog/product.service';
import { UserIngestService } from './customers/user-ingest.service';
import { UserService } from './customers/user.service';
import { ForgetUserService } from './customers/forget-user.service';
import { EventIngestService } from './events/event-ingest.service';
import { EventService } from './events/event.service';
import { CapabilitiesProvider, HealthService } from './health/health.service';
import { JobRunner } from './jobs/job-runner';
import type { JobQueue } from './jobs/job-queue';
import { JobService } from './jobs/job.service';
import { ModelService } from './models/model.service';
import { OrderIngestService } from './orders/order-ingest.service';
import { OrderService } from './orders/order.service';
import { RecommendationService } from './recommendations/serving/recommendation.service';
import { PricingService } from './pricing/pricing.service';
import { ForecastService } from './forecasts/serving/forecast.service';
import { SegmentService } from './segments/segment.service';
import { CampaignService } from './campaigns/campaign.service';

/** Every domain service, built once per process; each method takes the request context first. */
export interface DomainServices {
  products: ProductService;
  productIngest: ProductIngestService;
  categories: CategoryService;
  categoryIngest: CategoryIngestService;
  users: UserService;
  userIngest: UserIngestService;
  events: EventService;
  eventIngest: EventIngestService;
  orders: OrderService;
  orderIngest: OrderIngestService;
  health: HealthService;
  models: ModelService;
  jobs: JobService;
  recommendations: RecommendationService;
  apiKeys: ApiKeyService;
  forgetUser: ForgetUserService;
  /** Segments, customer profiles (RFM, CLV) and the REFRESH_SEGMENTS job. */
  segments: SegmentService;
  /** Campaigns: audiences ranked by expected value, each member with a next-best offer. */
  campaigns: CampaignService;
  audit: AuditService;
  /** Writers tell caches what changed (in-process). */
  changes: ChangeFeed;
  /** Where jobs go: in-process (tests, AISLE_JOB_QUEUE=memory) or pg-boss. */
  jobQueue: JobQueue;
  pricing: PricingService;
  forecasts: ForecastService;
}

/** What the services need from the composition root. */
export interface DomainDeps {
  capabilities: CapabilitiesProvider;
  /** Training and job settings; DEFAULT_TRAINING when the caller passes none. */
  training?: TrainingSettings;
  /** The change feed to use (the composition root bridges it to other processes); a new one when absent. */
  changes?: ChangeFeed;
  /** The job queue; an in-process JobRunner when the caller passes none. */
  jobQueue?: JobQueue;
  /** Serving cache settings; DEFAULT_SERVING when the caller passes none. */
  serving?: ServingSettings;
}

/** Builds the services. They hold no per-request state, so one set serves every request. */
export function createDomainServices(deps: DomainDeps): DomainServices {
  const training = deps.training ?? DEFAULT_TRAINING;
  const changes = deps.changes ?? new ChangeFeed();
  const jobQueue =
    deps.jobQueue ?? new JobRunner({ concurrency: training.jobConcurrency, progressIntervalMs: training.progressIntervalMs });
  const recommendations = new RecommendationService(deps.serving ?? DEFAULT_SERVING, training, changes);
  return {
    products: new ProductService(),
    productIngest: new ProductIngestService(changes),
    categories: new CategoryService(),
    categoryIngest: new CategoryIngestService(changes),
    users: new UserService(),
    userIngest: new UserIngestService(),
    events: new EventService(),
    eventIngest: new EventIngestService(changes),
    orders: new OrderService(),
    orderIngest: new OrderIngestService(changes),
    health: new HealthService(deps.capabilities),
    models: new ModelService(jobQueue, training, changes),
    jobs: new JobService(jobQueue),
    recommendations,
    apiKeys: new ApiKeyService(),
    forgetUser: new ForgetUserService(changes),
    segments: new SegmentService(jobQueue),
    campaigns: new CampaignService(recommendations),
    audit: new AuditService(),
    changes,
    jobQueue,
    pricing: new PricingService(),
    forecasts: new ForecastService(),
  };
}
