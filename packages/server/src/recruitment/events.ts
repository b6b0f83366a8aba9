/** Recruitment events on the shared pub/sub: plain JSON, published only after the commit. */
import type { ApplicationStatusName } from '../domain/application-status.js';

export interface AnnouncementPublishedEvent {
  announcementId: number;
  /** Placement region of the formation; subscribers to any region above it hear it too. */
  regionCode: string;
}

export interface ApplicationStatusChangedEvent {
  applicationId: number;
  applicantId: number;
  status: ApplicationStatusName;
  /** The status it left (absent for a new application). */
  previous?: ApplicationStatusName;
}
