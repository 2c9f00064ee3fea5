/**
 * Collects, during one request, which persons were reached and which of their fields were
 * returned or denied. The policy rules feed it; the request's end writes it as one record.
 */
export class AuditCollector {
  readonly personIds = new Set<number>();
  readonly fields = new Set<string>();
  readonly deniedFields = new Set<string>();
  reached(personId: number | undefined, field: string): void {
    if (personId !== undefined) this.personIds.add(personId);
    this.fields.add(field);
  }

  denied(personId: number | undefined, field: string): void {
    if (personId !== undefined) this.personIds.add(personId);
    this.deniedFields.add(field);
  }

  get touchedPersonData(): boolean {
    return this.personIds.size > 0;
  }
}
