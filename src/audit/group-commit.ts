import type { Database } from '../db/client.js';
import { appendAuditBatch, type AuditEntry, type AuditSigner, type ReadCommit } from './log.js';

/** Records per transaction; bounds the statement size and a failed batch's blast radius. */
const MAX_BATCH = 256;

interface Pending {
  entry: AuditEntry;
  resolve: (id: number) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for the audit records of reads. The chain needs one append at a time, so one
 * append per request would serialize every request on the chain lock; instead records that
 * arrive while a batch is being written wait and go together in the next append (one statement
 * while this process is the chain's only writer, `appendAuditBatch`). Each
 * caller still resolves only after its own record has committed, so no response leaves
 * unrecorded. Writes keep appending inside their own transaction (`appendAudit`).
 */
export class AuditGroupCommit {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly signer: AuditSigner,
    private readonly commit: ReadCommit = 'durable',
  ) {}

  append(entry: AuditEntry): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  /** Resolves when every record queued so far has been written or refused. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const ids = await appendAuditBatch(this.database, batch.map((p) => p.entry), this.signer, this.commit);
          batch.forEach((p, i) => p.resolve(ids[i]!));
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
