import { ImportFormatError } from '../../src/data/import/import.types';
import { formatMoneyUnits, parseMoneyUnits } from '../../src/data/import/money';
import {
  createOnlineRetailNormaliser,
  normaliseCustomerId,
  normaliseStockCode,
  parseUkDateTime,
  resolveOnlineRetailColumns,
  SERVICE_STOCK_CODES,
  type NormaliseResult,
  type OnlineRetailRow,
} from '../../src/data/import/online-retail.normaliser';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(',');
/** A synthetic row in the export's layout (no rows of the real data set live in this repository). */
const GOOD = ['900100', '20725A', 'SPOTTY TEA CUP', '6', '2010-12-01 08:26:00', '2.55', '20001.0', 'United Kingdom'];

function normalise(overrides: Partial<Record<(typeof HEADER)[number], string>>): NormaliseResult {
  const fields = HEADER.map((name, i) => overrides[name] ?? GOOD[i]);
  return createOnlineRetailNormaliser(resolveOnlineRetailColumns(HEADER))(fields);
}
function row(overrides: Partial<Record<(typeof HEADER)[number], string>> = {}): OnlineRetailRow {
  const result = normalise(overrides);
  if (!result.ok) throw new Error(`expected a row, got ${result.reason}`);
  return result.row;
}
const reason = (overrides: Partial<Record<(typeof HEADER)[number], string>>) => {
  const result = normalise(overrides);
  return result.ok ? 'ok' : result.reason;
};

describe('Online Retail row normaliser', () => {
  it('reads a clean row into typed fields with UTC time', () => {
    expect(row()).toEqual({
      invoice: '900100',
      cancelled: false,
      stockCode: '20725A',
      service: false,
      description: 'SPOTTY TEA CUP',
      quantity: 6,
      priceUnits: 25_500,
      occurredAtMs: Date.parse('2010-12-01T08:26:00Z'),
      occurredAtIso: '2010-12-01T08:26:00.000Z',
      customerId: '20001',
      country: 'United Kingdom',
    });
  });

  it('normalises CustomerID written as a float, and reads an empty one as a guest', () => {
    expect(row({ CustomerID: '20001.0' }).customerId).toBe('20001');
    expect(row({ CustomerID: '20001' }).customerId).toBe('20001');
    expect(row({ CustomerID: ' 020001.00 ' }).customerId).toBe('20001');
    expect(row({ CustomerID: '' }).customerId).toBeNull();
    expect(reason({ CustomerID: '20001.5' })).toBe('bad_customer_id');
    expect(reason({ CustomerID: 'ABC' })).toBe('bad_customer_id');
    expect(normaliseCustomerId('0')).toBe('0');
  });

  it('upper-cases and trims stock codes, and flags service codes', () => {
    expect(row({ StockCode: '20725a' }).stockCode).toBe('20725A');
    expect(normaliseStockCode('  31990b ')).toBe('31990B');
    for (const code of ['POST', 'DOT', 'M', 'm', 'C2', 'D', 'S', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'B']) {
      const r = row({ StockCode: code });
      expect(r.service).toBe(true);
      expect(SERVICE_STOCK_CODES.has(r.stockCode)).toBe(true);
    }
    expect(row({ StockCode: 'PARTYBAG' }).service).toBe(false);
    expect(row({ StockCode: 'voucher_10' }).stockCode).toBe('VOUCHER_10');
    expect(reason({ StockCode: '  ' })).toBe('missing_stock_code');
  });

  it('keeps empty descriptions as null and trims the others', () => {
    expect(row({ Description: '' }).description).toBeNull();
    expect(row({ Description: '   ' }).description).toBeNull();
    expect(row({ Description: 'OAK FRAME ANTIQUE ' }).description).toBe('OAK FRAME ANTIQUE');
    expect(row({ Description: 'BOWL, LARGE "BLUE"' }).description).toBe('BOWL, LARGE "BLUE"');
  });

  it('keeps negative quantities (returns, cancellations) and refuses zero or non-integers', () => {
    expect(row({ Quantity: '-40000' }).quantity).toBe(-40000);
    expect(row({ Quantity: '12.0' }).quantity).toBe(12);
    expect(reason({ Quantity: '0' })).toBe('bad_quantity');
    expect(reason({ Quantity: '1.5' })).toBe('bad_quantity');
    expect(reason({ Quantity: 'abc' })).toBe('bad_quantity');
    expect(reason({ Quantity: '' })).toBe('bad_quantity');
    expect(reason({ Quantity: '99999999999' })).toBe('bad_quantity');
  });

  it('marks invoices starting with C as cancellations and keeps A (adjustment) invoices', () => {
    expect(row({ InvoiceNo: 'C900200', Quantity: '-1' })).toMatchObject({ invoice: 'C900200', cancelled: true });
    expect(row({ InvoiceNo: 'c900200' })).toMatchObject({ invoice: 'C900200', cancelled: true });
    expect(row({ InvoiceNo: 'A900300' }).cancelled).toBe(false);
    expect(reason({ InvoiceNo: '' })).toBe('missing_invoice');
  });

  it('keeps zero and negative prices ("Adjust bad debt") exactly', () => {
    expect(row({ UnitPrice: '0' }).priceUnits).toBe(0);
    expect(row({ UnitPrice: '-1234.56', StockCode: 'B' }).priceUnits).toBe(-12_345_600);
    expect(row({ UnitPrice: '0.001' }).priceUnits).toBe(10);
    expect(reason({ UnitPrice: 'two' })).toBe('bad_price');
    expect(reason({ UnitPrice: '' })).toBe('bad_price');
    expect(reason({ UnitPrice: '1e3' })).toBe('bad_price');
    expect(reason({ UnitPrice: '99999999999' })).toBe('bad_price');
  });

  it('reads dates as UK local time, in both export formats, and refuses impossible ones', () => {
    expect(row({ InvoiceDate: '2011-07-04 14:30:00' }).occurredAtIso).toBe('2011-07-04T13:30:00.000Z');
    expect(row({ InvoiceDate: '2011-12-09 12:50:00' }).occurredAtIso).toBe('2011-12-09T12:50:00.000Z');
    expect(row({ InvoiceDate: '12/1/2010 8:26' }).occurredAtIso).toBe('2010-12-01T08:26:00.000Z');
    expect(row({ InvoiceDate: '6/1/2011 8:26' }).occurredAtIso).toBe('2011-06-01T07:26:00.000Z');
    expect(row({ InvoiceDate: '2011-07-04 14:30' }).occurredAtIso).toBe('2011-07-04T13:30:00.000Z');
    expect(reason({ InvoiceDate: '2011-02-29 10:00:00' })).toBe('bad_date');
    expect(reason({ InvoiceDate: '2011-07-04 25:00:00' })).toBe('bad_date');
    expect(reason({ InvoiceDate: 'yesterday' })).toBe('bad_date');
    expect(reason({ InvoiceDate: '' })).toBe('bad_date');
    expect(parseUkDateTime('2011-10-30 01:30:00')?.toISOString()).toBe('2011-10-30T00:30:00.000Z');
  });

  it('reads "Unspecified" and empty countries as unknown', () => {
    expect(row({ Country: 'Unspecified' }).country).toBeNull();
    expect(row({ Country: '' }).country).toBeNull();
    expect(row({ Country: 'EIRE' }).country).toBe('EIRE');
  });

  it('refuses records of the wrong width or that could not be split', () => {
    const normaliseFields = createOnlineRetailNormaliser(resolveOnlineRetailColumns(HEADER));
    expect(normaliseFields(GOOD.slice(0, 4))).toEqual({ ok: false, reason: 'malformed_line' });
    expect(normaliseFields([...GOOD, 'extra'])).toEqual({ ok: false, reason: 'malformed_line' });
    expect(normaliseFields(null)).toEqual({ ok: false, reason: 'malformed_line' });
  });

  it('finds columns by name in any order and refuses a foreign header', () => {
    const shuffled = 'Country,customer_id,UnitPrice,InvoiceDate,Quantity,Description,StockCode,Invoice No'.split(',');
    const columns = resolveOnlineRetailColumns(shuffled);
    expect(columns).toMatchObject({ country: 0, customerId: 1, stockCode: 6, invoice: 7, width: 8 });
    const r = createOnlineRetailNormaliser(columns)([...GOOD].reverse());
    expect(r.ok && r.row.customerId).toBe('20001');
    expect(() => resolveOnlineRetailColumns(['user', 'item', 'rating'])).toThrow(ImportFormatError);
    expect(() => resolveOnlineRetailColumns(['user', 'item', 'rating'])).toThrow(/lacks invoiceno, stockcode/);
  });
});

describe('money units', () => {
  it('parses plain decimals exactly at four places, rounding half away from zero', () => {
    expect(parseMoneyUnits('2.55')).toBe(25_500);
    expect(parseMoneyUnits('.5')).toBe(5_000);
    expect(parseMoneyUnits('3.')).toBe(30_000);
    expect(parseMoneyUnits('-0.00005')).toBe(-1);
    expect(parseMoneyUnits('0.00004')).toBe(0);
    expect(parseMoneyUnits('-0')).toBe(0);
    expect(parseMoneyUnits('1,000')).toBeNull();
    expect(parseMoneyUnits('-')).toBeNull();
    expect(parseMoneyUnits('.')).toBeNull();
  });

  it('formats units back to a decimal PostgreSQL reads exactly', () => {
    expect(formatMoneyUnits(25_500)).toBe('2.5500');
    expect(formatMoneyUnits(-12_345_600)).toBe('-1234.5600');
    expect(formatMoneyUnits(10)).toBe('0.0010');
    expect(formatMoneyUnits(0)).toBe('0.0000');
    expect(formatMoneyUnits(-1)).toBe('-0.0001');
  });
});
