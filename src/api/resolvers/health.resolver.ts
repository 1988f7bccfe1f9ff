import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../context';
import { Health } from '../types/health.types';

/** The health query: version, database reachability and addon capabilities. */
@Resolver()
export class HealthResolver {
  @Authorized()
  @Query(() => Health, { description: 'Version, database reachability and latency, addon capabilities.' })
  health(@Ctx() ctx: ApiContext): Promise<Health> {
    return ctx.services.health.check(ctx);
  }
}
