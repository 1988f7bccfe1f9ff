import { Authorized, Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionShape, toConnection } from '../types/connection.types';
import { Job, JobConnection, JobsArgs, toJob } from '../types/job.types';

/** Background jobs: poll one, or list them. */
@Resolver(() => Job)
export class JobResolver {
  @Authorized(...CAN.readAnalytics)
  @Query(() => Job, { nullable: true })
  async job(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Job | null> {
    const record = await ctx.services.jobs.get(ctx, id);
    return record ? toJob(record) : null;
  }

  @Authorized(...CAN.readAnalytics)
  @Query(() => JobConnection, { description: 'Jobs, newest first, optionally in one state.' })
  async jobs(@Ctx() ctx: ApiContext, @Args() args: JobsArgs): Promise<ConnectionShape<Job>> {
    return toConnection(await ctx.services.jobs.list(ctx, args, args.status), toJob);
  }
}
