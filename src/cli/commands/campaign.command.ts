import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { EXPORT_COLUMNS, type ExportRow } from '../../domain/campaigns/campaign.service';
import { createCliContext, withDatabase } from '../cli-context';
import { commandServices } from './train.command';

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled; null is empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: ExportRow): string {
  return EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',') + '\n';
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full (large audiences stay in bounded memory). */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** `aisle campaign export <id> --csv [--out file]`: the audience in rank order, streamed page by page. */
export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('campaign audiences');
  campaign
    .command('export')
    .argument('<id>', 'campaign id')
    .option('--csv', 'write CSV (the only format; header + one row per member in rank order)')
    .option('--out <file>', 'write to this file instead of stdout')
    .description('export a campaign audience with each member\'s next-best offer')
    .action(async (id: string, opts: { csv?: boolean; out?: string }, cmd: Command) => {
      if (!opts.csv) throw new Error('campaign export: pass --csv (the only export format)');
      const ctx = createCliContext(Boolean(cmd.optsWithGlobals().json));
      await withDatabase(ctx, async (db) => {
        const { services, request } = commandServices(ctx, db.dataSource);
        const pages = services.campaigns.exportRows(request, id);
        const first = await pages.next(); // NOT_FOUND before anything (or any file) is written
        const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
        try {
          await write(out, EXPORT_COLUMNS.join(',') + '\n');
          for (let page = first; !page.done; page = await pages.next()) await write(out, page.value.map(csvLine).join(''));
        } finally {
          if (opts.out) {
            out.end();
            await once(out, 'finish');
          }
        }
      });
    });
}
