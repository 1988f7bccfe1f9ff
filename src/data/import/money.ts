/**
 * Exact money arithmetic for imports: amounts held as integers of 1/10,000 (the scale of the numeric(14,4)
 * columns), so an order total summed from hundreds of lines matches what PostgreSQL would compute.
 */
export const MONEY_SCALE = 10_000;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Parses a plain decimal ("2.55", "-11062.06", ".5", "3.") into units of 1/10,000, rounding half away from zero
 * beyond four decimals; null for anything else (empty, exponents, thousands separators, words).
 */
export function parseMoneyUnits(text: string): number | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[2];
  const frac = m[3] ?? '';
  if (whole.length === 0 && frac.length === 0) return null;
  if (whole.length > 12) return null;
  let units = Number(whole || '0') * MONEY_SCALE + Number((frac + '0000').slice(0, 4));
  if (frac.length > 4 && frac.charCodeAt(4) >= 53 /* '5' */) units += 1;
  if (!Number.isSafeInteger(units)) return null;
  return m[1] === '-' && units !== 0 ? -units : units;
}

/** Writes units of 1/10,000 as a decimal PostgreSQL reads exactly: 25500 → "2.5500". */
export function formatMoneyUnits(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / MONEY_SCALE);
  const frac = String(abs % MONEY_SCALE).padStart(4, '0');
  return `${sign}${whole}.${frac}`;
}
