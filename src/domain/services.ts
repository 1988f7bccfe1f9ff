import { DEFAULT_TRAINING, type TrainingSettings } from '../config/config';
import { CategoryIngestService } from './catalog/category-ingest.service';
import { CategoryService } from './catalog/category.service';
import { ProductIngestService } from './catalog/product-ingest.service';
import { ProductService } from './catalog/product.service';
import { UserIngestService } from './customers/user-ingest.service';
import { UserService } from './customers/user.service';
import { EventIngestService } from './events/event-ingest.service';
import { EventService } from './events/event.service';
import { CapabilitiesProvider, HealthService } from './health/health.service';
import { JobRunner } from './jobs/job-runner';
import { JobService } from './jobs/job.service';
import { ModelService } from './models/model.service';
import { OrderIngestService } from './orders/order-ingest.service';
import { OrderService } from './orders/order.service';
import { PricingService } from './pricing/pricing.service';

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
  pricing: PricingService;
  /** The process's in-process job runner (tests wait on `jobRunner.idle()`). */
  jobRunner: JobRunner;
}

/** What the services need from the composition root. */
export interface DomainDeps {
  capabilities: CapabilitiesProvider;
  /** Training and job settings; DEFAULT_TRAINING when the caller passes none. */
  training?: TrainingSettings;
}

/** Builds the services. They hold no per-request state, so one set serves every request. */
export function createDomainServices(deps: DomainDeps): DomainServices {
  const training = deps.training ?? DEFAULT_TRAINING;
  const jobRunner = new JobRunner({ concurrency: training.jobConcurrency, progressIntervalMs: training.progressIntervalMs });
  return {
    products: new ProductService(),
    productIngest: new ProductIngestService(),
    categories: new CategoryService(),
    categoryIngest: new CategoryIngestService(),
    users: new UserService(),
    userIngest: new UserIngestService(),
    events: new EventService(),
    eventIngest: new EventIngestService(),
    orders: new OrderService(),
    orderIngest: new OrderIngestService(),
    health: new HealthService(deps.capabilities),
    models: new ModelService(jobRunner, training),
    jobs: new JobService(jobRunner),
    pricing: new PricingService(),
    jobRunner,
  };
}
