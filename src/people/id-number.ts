/**
 * 居民身份证号 (resident ID number) per GB 11643-1999: 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'LENGTH' | 'CHARACTERS' | 'BIRTH_DATE' | 'CHECK_DIGIT';

/** The MOD 11-2 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Returns the first problem with an ID number, or null when it is valid. `today` bounds the birth date. */
export function idNumberProblem(value: string, today = new Date()): IdNumberProblem | null {
  if (value.length !== 18) return 'LENGTH';
  if (!/^\d{17}[\dX]$/.test(value)) return 'CHARACTERS';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (!isValidDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime()) return 'BIRTH_DATE';
  if (checkCharacter(value.slice(0, 17)) !== value[17]) return 'CHECK_DIGIT';
  return null;
}

export const ID_NUMBER_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  LENGTH: 'ID number must have 18 characters',
  CHARACTERS: 'ID number must be 17 digits followed by a digit or X',
  BIRTH_DATE: 'ID number holds an impossible birth date',
  CHECK_DIGIT: 'ID number check digit does not match (GB 11643)',
};

/** Builds a valid ID number from its parts (used by the seed generator and tests). */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number, gender: 'MALE' | 'FEMALE'): string {
  let seq = sequence % 1000;
  if ((seq % 2 === 1) !== (gender === 'MALE')) seq = (seq + 1) % 1000;
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
