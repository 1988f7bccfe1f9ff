import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { CAN } from '../auth/policy';
import type { ApiContext } from '../context';
import { ApiKey, ApiKeyCreated, Role, toApiKey } from '../types/api-key.types';

/** API key administration (ADMIN only); every change goes to the audit log. */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(...CAN.administer)
  @Query(() => [ApiKey], { description: 'Every API key, revoked ones included (never their secrets).' })
  async apiKeys(@Ctx() ctx: ApiContext): Promise<ApiKey[]> {
    return (await ctx.services.apiKeys.list(ctx)).map(toApiKey);
  }

  @Authorized(...CAN.administer)
  @Mutation(() => ApiKeyCreated, { description: 'Creates a key; the secret is in this response only, stored hashed.' })
  async createApiKey(
    @Ctx() ctx: ApiContext,
    @Arg('role', () => Role) role: Role,
    @Arg('name', () => String) name: string,
  ): Promise<ApiKeyCreated> {
    const created = await ctx.services.apiKeys.create(ctx, role, name);
    await ctx.services.audit.record(ctx, ctx.principal, 'createApiKey', created.id, { role, name: created.name });
    return created;
  }

  @Authorized(...CAN.administer)
  @Mutation(() => ApiKey, { description: 'Revokes a key at once; requests with it then get UNAUTHENTICATED.' })
  async revokeApiKey(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<ApiKey> {
    const revoked = await ctx.services.apiKeys.revoke(ctx, id);
    await ctx.services.audit.record(ctx, ctx.principal, 'revokeApiKey', revoked.id);
    return toApiKey(revoked);
  }
}
