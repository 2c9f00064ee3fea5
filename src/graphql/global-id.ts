import { decodeGlobalID } from '@pothos/plugin-relay';

/** The type and row id of a Relay global id, or null when it is malformed or names another type. */
export function decodeRowId(globalId: string, typenames: readonly string[]): { typename: string; id: number } | null {
  try {
    const decoded = decodeGlobalID(globalId);
    const n = Number(decoded.id);
    if (typenames.includes(decoded.typename) && Number.isSafeInteger(n) && n > 0) return { typename: decoded.typename, id: n };
  } catch {
    // not base64 or not "Type:id": malformed
  }
  return null;
}
