import type { Command } from 'commander';

/** A command module adds itself to the program; commands read global options via cmd.optsWithGlobals(). */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [];
