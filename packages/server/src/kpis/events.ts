/** The event recruitment code publishes after it commits application changes, for live KPIs. */
import type { PantauPubSub } from '../transport/pubsub.js';

export interface ApplicationsChanged {
  /**
   * Placement regions (Formation.regionId) of the formations whose applications changed; an
   * ancestor region (the agency's kabupaten/kota) is fine too: every KPI topic overlapping it
   * recomputes.
   */
  regionIds: number[];
}

/**
 * Tells every instance that applications changed (registered, verified, appealed, announced), so
 * the `kpisUpdated` topics of those regions recompute. Call it after the transaction commits; the
 * counts themselves are already right (ApplicationTally is maintained by the database).
 */
export function publishApplicationsChanged(pubsub: PantauPubSub, event: ApplicationsChanged): void {
  if (event.regionIds.length) pubsub.publish('applicationsChanged', { regionIds: [...new Set(event.regionIds)] });
}
