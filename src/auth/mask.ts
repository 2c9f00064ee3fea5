/**
 * Masking as the data-sharing policy defines it: an ID number keeps its first 6 and last 4
 * characters (`320602********1234`); a name keeps its surname, one star per hidden character
 * (`张三` → `张*`, `欧阳娜娜` → `欧阳**`). The surname is the first character, or the first two
 * for a compound surname (复姓), which is how the policy's own `欧阳**` example reads.
 */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 6) + '*'.repeat(idNumber.length - 10) + idNumber.slice(-4);
}

const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒',
  '夏侯', '轩辕', '令狐', '钟离', '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '公冶',
]);

export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return name;
  const kept = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  return chars.slice(0, kept).join('') + '*'.repeat(Math.max(chars.length - kept, 1));
}

/** A phone number keeps its first 3 and last 4 digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
