import { readCsvRecords } from './csv.reader';
import { openFileSource } from './file-source';
import { ImportFormatError } from './import.types';
import { createOnlineRetailNormaliser, resolveOnlineRetailColumns, type NormaliseResult } from './online-retail.normaliser';

/** One batch of an Online Retail file's data records, normalised, and how far through the file it is. */
export interface OnlineRetailBatch {
  rows: Array<{ line: number; result: NormaliseResult }>;
  bytesRead: number;
  totalBytes: number;
}

/**
 * Streams an Online Retail export (plain or gzip): the header resolves the columns, every later record is normalised
 * into a row or a skip reason — the one reading the importer and the evaluations share, so they decide every quirk
 * alike. A missing header or an empty file is an ImportFormatError.
 */
export async function* onlineRetailBatches(file: string): AsyncGenerator<OnlineRetailBatch> {
  const source = await openFileSource(file);
  let normalise: ReturnType<typeof createOnlineRetailNormaliser> | undefined;
  for await (const batch of readCsvRecords(source.chunks)) {
    const rows: OnlineRetailBatch['rows'] = [];
    for (const record of batch) {
      if (!normalise) {
        if (!record.fields) throw new ImportFormatError(`${file}: the header line cannot be read`);
        normalise = createOnlineRetailNormaliser(resolveOnlineRetailColumns(record.fields));
        continue;
      }
      rows.push({ line: record.line, result: normalise(record.fields) });
    }
    yield { rows, bytesRead: source.bytesRead(), totalBytes: source.totalBytes };
  }
  if (!normalise) throw new ImportFormatError(`${file}: the file is empty`);
}
