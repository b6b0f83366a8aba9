/** What a mutation reports it changed; kept apart from `audit.ts` so the request context can carry it without importing the audit wrapper. */
import { maskRecord } from '../domain/masking.js';

export interface AuditChange {
  entity: string;
  id: string | number;
  before: unknown;
  after: unknown;
}

/** Collects what the mutation being resolved reports it changed (mutation fields run one at a time). */
export class AuditTrail {
  private changes: AuditChange[] = [];

  /** Records that `entity` `id` went from `before` to `after` (null for created or removed). */
  change(entity: string, id: string | number, before: unknown, after: unknown): void {
    this.changes.push({ entity, id, before: maskRecord(before), after: maskRecord(after) });
  }

  /** The changes recorded since the last call. */
  take(): AuditChange[] {
    const taken = this.changes;
    this.changes = [];
    return taken;
  }
}
