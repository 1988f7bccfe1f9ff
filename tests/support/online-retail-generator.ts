/**
 * A synthetic Online Retail CSV in the UCI file's format and with its quirks (".0" customer ids, guests, lower-case
 * stock codes, quoted descriptions with commas, cancelled "C" invoices, service codes, zero prices), for tests that
 * need a file large enough to take seconds to import. Deterministic for a seed.
 */
export function onlineRetailCsv(rows: number, seed = 1): string {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
  const pick = (n: number) => Math.floor(rand() * n);
  const countries = ['United Kingdom', 'France', 'Germany', 'EIRE', 'Unspecified', 'Spain'];
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let invoice = 500_000;
  let day = 0;
  while (lines.length <= rows) {
    invoice++;
    day = Math.min(360, day + (rand() < 0.05 ? 1 : 0));
    const cancelled = rand() < 0.03;
    const customer = rand() < 0.1 ? '' : `${12_000 + pick(3_000)}${rand() < 0.5 ? '.0' : ''}`;
    const country = countries[pick(countries.length)];
    const date = new Date(Date.UTC(2011, 0, 1 + day, 8 + pick(10), pick(60)));
    const when = date.toISOString().slice(0, 16).replace('T', ' ');
    const size = 1 + pick(20);
    for (let l = 0; l < size && lines.length <= rows; l++) {
      const code = rand() < 0.01 ? 'POST' : `${20_000 + pick(2_500)}${rand() < 0.2 ? (rand() < 0.5 ? 'a' : 'A') : ''}`;
      const name = rand() < 0.1 ? `"ITEM ${code.toUpperCase()}, ""LARGE"""` : `ITEM ${code.toUpperCase()}`;
      const quantity = (cancelled ? -1 : 1) * (1 + pick(24));
      const price = rand() < 0.01 ? '0' : (0.1 + pick(2_000) / 100).toFixed(2);
      lines.push(`${cancelled ? 'C' : ''}${invoice},${code},${name},${quantity},${when},${price},${customer},${country}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
