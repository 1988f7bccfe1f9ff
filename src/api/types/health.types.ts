import { Field, Float, Int, ObjectType } from 'type-graphql';

/** What the compute addon can do in this process. */
@ObjectType({ description: 'What the compute addon can do in this process.' })
export class AddonCapabilities {
  @Field(() => Int, { description: 'Threads each kernel spreads over.' })
  threads!: number;

  @Field({ description: 'Widest SIMD instruction set in use: avx512, avx2, sse4, neon or scalar.' })
  simd!: string;

  @Field({ description: 'Whether a CUDA device answers now.' })
  cuda!: boolean;

  @Field({ description: 'Whether the addon was built with CUDA.' })
  cudaCompiled!: boolean;

  @Field(() => Int)
  deviceCount!: number;

  @Field(() => String, { nullable: true })
  deviceName!: string | null;

  @Field(() => String, { nullable: true, description: 'Why CUDA is not available, when it is not.' })
  cudaReason!: string | null;

  @Field({ description: "The addon build's version; differs from Health.version when the native build is stale." })
  version!: string;
}

/** The service's health: overall status, version, database and addon. */
@ObjectType({ description: 'Health of this Aisle process.' })
export class Health {
  @Field({ description: '"ok", or "degraded" when the database does not answer.' })
  status!: string;

  @Field({ description: 'The Aisle package version.' })
  version!: string;

  @Field({ description: '"ok" or "unavailable".' })
  database!: string;

  @Field(() => Float, { nullable: true, description: 'Round trip of a trivial query, in milliseconds.' })
  databaseLatencyMs!: number | null;

  @Field(() => AddonCapabilities, { nullable: true, description: 'Null when the addon cannot report.' })
  addon!: AddonCapabilities | null;
}
