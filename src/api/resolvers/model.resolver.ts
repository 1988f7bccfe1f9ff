import { JSONResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../context';
import { ConnectionShape, toConnection } from '../types/connection.types';
import { Job, toJob } from '../types/job.types';
import { ModelKind, ModelsArgs, ModelVersion, ModelVersionConnection, toModelVersion } from '../types/model.types';

/** The model registry: list and read versions, train, activate. */
@Resolver(() => ModelVersion)
export class ModelResolver {
  @Query(() => ModelVersionConnection, { description: 'Model versions, newest first, optionally of one kind.' })
  async models(@Ctx() ctx: ApiContext, @Args() args: ModelsArgs): Promise<ConnectionShape<ModelVersion>> {
    return toConnection(await ctx.services.models.list(ctx, args, args.kind), toModelVersion);
  }

  @Query(() => ModelVersion, { nullable: true })
  async model(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<ModelVersion | null> {
    const record = await ctx.services.models.get(ctx, id);
    return record ? toModelVersion(record) : null;
  }

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
    return toJob(await ctx.services.models.train(ctx, kind, params));
  }

  @Mutation(() => ModelVersion, {
    description: 'Makes a READY version the active one of its kind, deactivating the previous one, atomically.',
  })
  async activateModel(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<ModelVersion> {
    return toModelVersion(await ctx.services.models.activate(ctx, id));
  }
}
