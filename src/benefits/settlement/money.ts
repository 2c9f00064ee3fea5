/**
 * Money arithmetic for settlement. Amounts are integer fen (分, 0.01 yuan); ratios are applied in
 * integer basis points (1/10 000) so that no binary-float error can reach an amount.
 */

/** The largest amount the hub accepts: 100,000,000.00 yuan. Anything above is a data error. */
export const MAX_MONEY_FEN = 10_000_000_000;

const BASIS_POINTS_PER_UNIT = 10_000;

/** Tolerance for recognising a 4-decimal ratio after float multiplication (0.7 × 10 000 = 7000.000000000001). */
const RATIO_EPSILON = 1e-6;

const MONEY_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;
const TOO_MANY_DECIMALS_PATTERN = /^\d+\.\d{3,}$/;

/**
 * Parses a decimal yuan string ("1234.56", "0", "12.5") into integer fen.
 *
 * @throws RangeError for an empty, negative, exponent-notation or otherwise malformed string, more
 *   than two decimal places, or an amount above 100,000,000.00 yuan.
 */
export function parseMoney(s: string): number {
  if (typeof s !== 'string') throw new RangeError(`money amount must be a string, got ${typeof s}`);
  if (s === '') throw new RangeError('money amount is empty');
  if (s.startsWith('-')) throw new RangeError(`money amount "${s}" is negative`);
  const match = MONEY_PATTERN.exec(s);
  if (!match) {
    if (TOO_MANY_DECIMALS_PATTERN.test(s)) {
      throw new RangeError(`money amount "${s}" has more than 2 decimal places`);
    }
    throw new RangeError(`money amount "${s}" is not a decimal yuan amount such as "1234.56"`);
  }
  const yuanDigits = match[1]!.replace(/^0+(?=\d)/, '');
  // Ten or more integer digits is already above the limit; checking first keeps Number() exact.
  const fen = yuanDigits.length > 9 ? Infinity : Number(yuanDigits) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (fen > MAX_MONEY_FEN) throw new RangeError(`money amount "${s}" exceeds ${formatMoney(MAX_MONEY_FEN)} yuan`);
  return fen;
}

/** Formats integer fen as a decimal yuan string with two places: 123456 → "1234.56". */
export function formatMoney(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money amount ${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Converts a ratio in [0, 1] with at most 4 decimal places into integer basis points (0.7 → 7000).
 *
 * @throws RangeError when the ratio is outside [0, 1] or has more than 4 decimal places.
 */
export function ratioToBasisPoints(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new RangeError(`ratio ${ratio} is outside [0, 1]`);
  }
  const scaled = ratio * BASIS_POINTS_PER_UNIT;
  const basisPoints = Math.round(scaled);
  if (Math.abs(scaled - basisPoints) > RATIO_EPSILON) {
    throw new RangeError(`ratio ${ratio} has more than 4 decimal places`);
  }
  return basisPoints;
}

/**
 * `round_half_up(baseFen × basisPoints / 10 000)` computed exactly in integers.
 *
 * @throws RangeError when the base is not a non-negative whole number of fen small enough for the
 *   product to stay exact, or the basis points are not an integer in [0, 10 000].
 */
export function applyBasisPoints(baseFen: number, basisPoints: number): number {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > BASIS_POINTS_PER_UNIT) {
    throw new RangeError(`basis points ${basisPoints} are outside 0–10000`);
  }
  if (!Number.isSafeInteger(baseFen) || baseFen < 0) {
    throw new RangeError(`amount ${baseFen} is not a non-negative whole number of fen`);
  }
  const product = baseFen * basisPoints;
  if (!Number.isSafeInteger(product)) throw new RangeError(`amount ${baseFen} is too large to apply a ratio to`);
  const remainder = product % BASIS_POINTS_PER_UNIT;
  const truncated = (product - remainder) / BASIS_POINTS_PER_UNIT;
  return remainder * 2 >= BASIS_POINTS_PER_UNIT ? truncated + 1 : truncated;
}

/**
 * `round_half_up(baseFen × ratio)` to whole fen, computed exactly: the ratio (≤ 4 decimals) is
 * turned into basis points first, so 0.7 of 1234 fen is 863.8 → 864 without float drift.
 */
export function applyRatio(baseFen: number, ratio: number): number {
  return applyBasisPoints(baseFen, ratioToBasisPoints(ratio));
}
