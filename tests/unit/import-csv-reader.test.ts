import { CsvSplitter, readCsvRecords, type CsvRecord } from '../../src/data/import/csv.reader';

function splitAll(text: string, chunkSize = text.length || 1): CsvRecord[] {
  const splitter = new CsvSplitter();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...splitter.push(text.slice(i, i + chunkSize)));
  out.push(...splitter.end());
  return out;
}

const SAMPLE =
  '\ufeffInvoiceNo,Description,Qty\r\n' +
  '1,"BOWL, LARGE",2\r\n' +
  '2,"FRAME 7"" SINGLE",1\n' +
  '\n' +
  '3,LETTER "D" KEY RING,4\n' +
  '4,"TWO\nLINES",5\n' +
  '5,,6';

const EXPECTED: CsvRecord[] = [
  { line: 1, fields: ['InvoiceNo', 'Description', 'Qty'] },
  { line: 2, fields: ['1', 'BOWL, LARGE', '2'] },
  { line: 3, fields: ['2', 'FRAME 7" SINGLE', '1'] },
  { line: 5, fields: ['3', 'LETTER "D" KEY RING', '4'] },
  { line: 6, fields: ['4', 'TWO\nLINES', '5'] },
  { line: 8, fields: ['5', '', '6'] },
];

describe('CSV splitter', () => {
  it('reads quoted commas, doubled quotes, stray quotes, embedded newlines, CRLF, a BOM and blank lines', () => {
    expect(splitAll(SAMPLE)).toEqual(EXPECTED);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= SAMPLE.length; size++) expect(splitAll(SAMPLE, size)).toEqual(EXPECTED);
  });

  it('reports an unterminated quote as one malformed line and reads on', () => {
    const text = 'a,b\n1,"open,2\n3,ok\n';
    expect(splitAll(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: null },
      { line: 3, fields: ['3', 'ok'] },
    ]);
    for (let size = 1; size < text.length; size++) expect(splitAll(text, size)).toEqual(splitAll(text));
  });

  it('reports text after a closing quote as malformed without swallowing the next line', () => {
    expect(splitAll('1,"A"x,2\n2,"B,3\n4,"C"y,5\n6,ok\n')).toEqual([
      { line: 1, fields: null },
      { line: 2, fields: null },
      { line: 3, fields: null },
      { line: 4, fields: ['6', 'ok'] },
    ]);
  });

  it('gives up on a quoted field longer than maxRecordChars', () => {
    const splitter = new CsvSplitter({ maxRecordChars: 20 });
    const out = splitter.push('1,"x\n' + 'yyyyyyyyyy\n'.repeat(5) + '2,ok\n');
    expect(out[0]).toEqual({ line: 1, fields: null });
    expect(out[out.length - 1]).toEqual({ line: 7, fields: ['2', 'ok'] });
  });

  it('splits on another delimiter', () => {
    const splitter = new CsvSplitter({ delimiter: '\t' });
    expect(splitter.push('1\t"a\tb"\t3\n')).toEqual([{ line: 1, fields: ['1', 'a\tb', '3'] }]);
  });
});

describe('readCsvRecords', () => {
  it('decodes UTF-8 split across byte chunks and batches records per chunk', async () => {
    const bytes = Buffer.from('name,city\nJosé,Zürich\n"Crème, brûlée",Genève');
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const records: CsvRecord[] = [];
    for await (const batch of readCsvRecords(chunks())) records.push(...batch);
    expect(records.map((r) => r.fields)).toEqual([
      ['name', 'city'],
      ['José', 'Zürich'],
      ['Crème, brûlée', 'Genève'],
    ]);
  });
});
