import type { Command } from 'commander';
import { registerBench } from './bench.command';
import { registerCampaign } from './campaign.command';
import { registerDemo } from './demo.command';
import { registerEval } from './eval.command';
import { registerImport } from './import.command';
import { registerKeys } from './keys.command';
import { registerMigrate } from './migrate.command';
import { registerSchema } from './schema.command';
import { registerServe } from './serve.command';
import { registerTrain } from './train.command';
import { registerWorker } from './worker.command';

/** A command module adds itself to the program; commands read global options via cmd.optsWithGlobals(). */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerServe, registerMigrate, registerSchema, registerDemo, registerImport, registerBench, registerEval, registerTrain, registerKeys, registerWorker, registerCampaign];
