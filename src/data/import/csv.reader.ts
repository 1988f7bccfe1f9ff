import { StringDecoder } from 'node:string_decoder';

/**
 * One record of a delimited text file: `fields` is null when the record could not be split (an unterminated or
 * misplaced quote); `line` is the 1-based physical line the record starts on, so skips can be reported.
 */
export interface CsvRecord {
  line: number;
  fields: string[] | null;
}

/** How a file is split; the defaults read RFC 4180 CSV. */
export interface CsvOptions {
  delimiter?: string;
  /** A quoted field may span lines; a record still open after this many characters is declared malformed. */
  maxRecordChars?: number;
}

const QUOTE = 34; // "
const INCOMPLETE = Symbol('incomplete');

/**
 * Splits one record that contains at least one quote. Quoted fields may hold delimiters, newlines and doubled
 * quotes; a quote inside an unquoted field is kept as text (exports write `7" SINGLE` that way). Returns
 * INCOMPLETE when a quoted field is still open at the end, null when text follows a closing quote.
 */
function splitQuoted(s: string, delimiter: string): string[] | null | typeof INCOMPLETE {
  const fields: string[] = [];
  const n = s.length;
  let i = 0;
  for (;;) {
    if (s.charCodeAt(i) === QUOTE) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) return INCOMPLETE;
        value += s.slice(j, q);
        if (s.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i === n) return fields;
      if (!s.startsWith(delimiter, i)) return null;
      i += delimiter.length;
    } else {
      const d = s.indexOf(delimiter, i);
      fields.push(s.slice(i, d < 0 ? n : d));
      if (d < 0) return fields;
      i = d + delimiter.length;
    }
  }
}

function stripCr(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/**
 * A push parser: feed it text in chunks of any size, get back the complete records so far. Kept synchronous and
 * free of streams so every chunk boundary can be tested; `readCsvRecords` drives it from a stream.
 * Blank lines are ignored (they are not records); a byte-order mark at the very start is dropped.
 */
export class CsvSplitter {
  private carry = '';
  private nextLine = 1;
  private started = false;
  private readonly delimiter: string;
  private readonly maxRecordChars: number;

  constructor(options: CsvOptions = {}) {
    this.delimiter = options.delimiter ?? ',';
    this.maxRecordChars = options.maxRecordChars ?? 65_536;
  }

  /** Adds text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    let text = this.carry + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines = text.split('\n');
    const out: CsvRecord[] = [];
    const used = this.scan(lines, lines.length - 1, out, false);
    this.carry = lines.slice(used).join('\n');
    return out;
  }

  /** Flushes the last record (a file need not end with a newline); an open quote at the end is malformed. */
  end(): CsvRecord[] {
    const lines = this.carry.split('\n');
    this.carry = '';
    const out: CsvRecord[] = [];
    this.scan(lines, lines.length, out, true);
    return out;
  }

  /**
   * Emits the records of lines[0..complete) (lines known to be whole); returns how many lines were used, the
   * rest being the start of a record that continues in text not yet seen.
   */
  private scan(lines: string[], complete: number, out: CsvRecord[], final: boolean): number {
    const delimiter = this.delimiter;
    let i = 0;
    while (i < complete) {
      const raw = stripCr(lines[i]);
      if (raw.indexOf('"') < 0) {
        if (raw.length > 0) out.push({ line: this.nextLine, fields: raw.split(delimiter) });
        this.nextLine++;
        i++;
        continue;
      }
      let record = raw;
      let parsed = splitQuoted(record, delimiter);
      let last = i; // the record spans lines[i..last]
      while (parsed === INCOMPLETE && last + 1 < complete && record.length < this.maxRecordChars) {
        last++;
        record += '\n' + stripCr(lines[last]);
        parsed = splitQuoted(record, delimiter);
      }
      if (parsed === INCOMPLETE && record.length < this.maxRecordChars && !final) return i; // wait for more text
      if (parsed === INCOMPLETE || (parsed === null && last > i)) {
        // A quote that never closes properly: drop only its first line and read on from the next one.
        out.push({ line: this.nextLine, fields: null });
        this.nextLine++;
        i++;
        continue;
      }
      out.push({ line: this.nextLine, fields: parsed });
      this.nextLine += last - i + 1;
      i = last + 1;
    }
    return i;
  }
}

/**
 * Streams the records of a delimited text file in batches (one per input chunk), so a caller's loop pays one
 * await per chunk rather than per record. Input may be bytes (decoded with `encoding`) or strings.
 */
export async function* readCsvRecords(
  input: AsyncIterable<Buffer | string>,
  options: CsvOptions & { encoding?: BufferEncoding } = {},
): AsyncGenerator<CsvRecord[]> {
  const decoder = new StringDecoder(options.encoding ?? 'utf8');
  const splitter = new CsvSplitter(options);
  for await (const chunk of input) {
    const records = splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (records.length > 0) yield records;
  }
  const tail = splitter.push(decoder.end());
  const last = splitter.end();
  if (tail.length + last.length > 0) yield [...tail, ...last];
}
