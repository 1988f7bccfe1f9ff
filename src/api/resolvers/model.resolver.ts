import { JSONResolver } from 'graphql-scalars';
import { Authorized, Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ConnectionShape, toConnection } from '../types/connection.types';
import { Job, toJob } from '../types/job.types';
import { ModelKind, ModelsArgs, ModelVersion, ModelVersionConnection, toModelVersion } from '../types/model.types';

/** The model registry: list and read versions, train, activate. */
@Resolver(() => ModelVersion)
export class ModelResolver {
  @Authorized(...CAN.readAnalytics)
  @Query(() => ModelVersionConnection, { description: 'Model versions, newest first, optionally of one kind.' })
  async models(@Ctx() ctx: ApiContext, @Args() args: ModelsArgs): Promise<ConnectionShape<ModelVersion>> {
    return toConnection(await ctx.services.models.list(ctx, args, args.kind), toModelVersion);
  }

  @Authorized(...CAN.readAnalytics)
  @Query(() => ModelVersion, { nullable: true })
  async model(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<ModelVersion | null> {
    const record = await ctx.services.models.get(ctx, id);
    return record ? toModelVersion(record) : null;
  }

  @Authorized(...CAN.administer)
  @Mutation(() => Job, {
    description:
      'Queues a training of `kind` and returns the job at once; poll job(id). Unknown or invalid params are ' +
      'BAD_USER_INPUT naming the key. The first READY version of a kind is activated automatically.',
  })
  async trainModel(
    @Ctx() ctx: ApiContext,
    @Arg('kind', () => ModelKind) kind: ModelKind,
    @Arg('params', () => JSONResolver, { nullable: true }) params: unknown,
  ): Promise<Job> {
    const job = await ctx.services.models.train(ctx, kind, params);
    await ctx.services.audit.record(ctx, ctx.principal, 'trainModel', job.id, { kind });
    return toJob(job);
  }

  @Authorized(...CAN.administer)
  @Mutation(() => ModelVersion, {
    description: 'Makes a READY version the active one of its kind, deactivating the previous one, atomically.',
  })
  async activateModel(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<ModelVersion> {
    const model = await ctx.services.models.activate(ctx, id);
    await ctx.services.audit.record(ctx, ctx.principal, 'activateModel', model.id, { kind: model.kind });
    return toModelVersion(model);
  }
}
