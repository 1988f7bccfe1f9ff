import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { ApiKeyResolver } from './resolvers/api-key.resolver';
import { CampaignMemberResolver, CampaignResolver } from './resolvers/campaign.resolver';
import { CategoryResolver } from './resolvers/category.resolver';
import { EventResolver } from './resolvers/event.resolver';
import { ForecastResolver, ProductForecastResolver } from './resolvers/forecast.resolver';
import { HealthResolver } from './resolvers/health.resolver';
import { JobResolver } from './resolvers/job.resolver';
import { ModelResolver } from './resolvers/model.resolver';
import { OrderLineResolver, OrderResolver } from './resolvers/order.resolver';
import { ProductPricingResolver } from './resolvers/product-pricing.resolver';
import { ProductResolver } from './resolvers/product.resolver';
import {
  ProductRecommendationsResolver,
  RecommendationFieldsResolver,
  RecommendationResolver,
  ScoredProductResolver,
  UserRecommendationsResolver,
} from './resolvers/recommendation.resolver';
import { SegmentResolver, UserSegmentsResolver } from './resolvers/segment.resolver';
import { UserResolver } from './resolvers/user.resolver';

/** Every resolver class of the schema. */
export const RESOLVERS = [
  ApiKeyResolver,
  CampaignMemberResolver,
  CampaignResolver,
  CategoryResolver,
  EventResolver,
  ForecastResolver,
  HealthResolver,
  JobResolver,
  ModelResolver,
  OrderLineResolver,
  OrderResolver,
  ProductRecommendationsResolver,
  ProductForecastResolver,
  ProductPricingResolver,
  ProductResolver,
  RecommendationFieldsResolver,
  RecommendationResolver,
  ScoredProductResolver,
  SegmentResolver,
  UserRecommendationsResolver,
  UserResolver,
  UserSegmentsResolver,
] as const;

/**
 * Builds the executable schema from the resolver classes. Dates are ISO-8601 `DateTime` (graphql-scalars);
 * class-validator runs on inputs without echoing values in errors (`target`/`value` off), and unknown objects
 * are not forbidden (inputs carry no validation decorators by default; the domain validates rows itself).
 */
export function buildAisleSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    authChecker,
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    emitSchemaFile: false,
  });
}

/** The header of the committed schema file. */
export const SCHEMA_HEADER =
  '# Aisle GraphQL schema. Generated from src/api by `npm run schema`; do not edit by hand.\n' +
  '# CI fails when this file differs from the code (tests/unit/api-schema.test.ts).\n';

/** Prints the schema in SDL, sorted so the file changes only when the schema does. */
export function printAisleSchema(schema: GraphQLSchema): string {
  return `${SCHEMA_HEADER}\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
