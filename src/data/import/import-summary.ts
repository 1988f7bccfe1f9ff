import type { EntityCounts, ImportSummary } from './import.types';

function countsToJson(c: EntityCounts): Record<string, number> {
  return {
    users: c.users,
    categories: c.categories,
    products: c.products,
    orders: c.orders,
    order_lines: c.orderLines,
    events: c.events,
  };
}

/** The summary as the CLI's --json line: snake_case keys, `rows_read` and `seconds` always present. */
export function summaryToJson(s: ImportSummary): Record<string, unknown> {
  return {
    source: s.source,
    input: s.input,
    dry_run: s.dryRun,
    rows_read: s.rowsRead,
    rows_imported: s.rowsImported,
    rows_skipped: s.rowsRead - s.rowsImported,
    skipped: s.skipped,
    created: countsToJson(s.created),
    updated: countsToJson(s.updated),
    removed: countsToJson(s.removed),
    seconds: s.seconds,
  };
}

const int = (n: number) => n.toLocaleString('en-US');

function countsLine(c: EntityCounts): string {
  const parts = [
    `users ${int(c.users)}`,
    `categories ${int(c.categories)}`,
    `products ${int(c.products)}`,
    `orders ${int(c.orders)}`,
    `order lines ${int(c.orderLines)}`,
    `events ${int(c.events)}`,
  ];
  return parts.join(', ');
}

/** A few readable lines for a terminal. */
export function formatSummary(s: ImportSummary): string {
  const skipped = Object.entries(s.skipped)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${int(n)}`)
    .join(', ');
  const lines = [
    `${s.dryRun ? 'Checked' : 'Imported'} ${s.source} from ${s.input} in ${s.seconds.toFixed(1)} s`,
    `  rows read      ${int(s.rowsRead)}`,
    `  rows imported  ${int(s.rowsImported)}`,
    `  rows skipped   ${int(s.rowsRead - s.rowsImported)}${skipped ? ` (${skipped})` : ''}`,
  ];
  if (!s.dryRun) {
    lines.push(`  created        ${countsLine(s.created)}`);
    lines.push(`  updated        ${countsLine(s.updated)}`);
    const removed = Object.values(s.removed).some((n) => n > 0);
    if (removed) lines.push(`  removed        ${countsLine(s.removed)}`);
  }
  return lines.join('\n');
}
