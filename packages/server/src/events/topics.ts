/**
 * Every event Pantau publishes, by topic. Services publish them after their own commit (through a
 * `Publisher`), the live layer and subscriptions hear them from whichever process made the change.
 * Payloads cross Redis and PostgreSQL NOTIFY as JSON: keep them plain (dates as ISO strings).
 * A new event: add its payload type and its topic here, publish it from the service that commits it.
 */
import type { ApplicationStatusName } from '../domain/application-status.js';
import type { SignedTreeHead } from '../domain/tree-head.js';

export interface HeartbeatEvent {
  instance: string;
  sequence: number;
  at: string;
}

/** Committed score changes of one session (never sent for a replayed batch). */
export interface ScoresChanged {
  sessionId: number;
  formationIds: number[];
  participantNumbers: string[];
  final: boolean;
}

/** A session was scheduled, started or closed: its screens and its site's screens follow. */
export interface SessionStatusChanged {
  sessionId: number;
  siteId: number;
}

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

export interface ApplicationsChanged {
  /**
   * Placement regions (Formation.regionId) of the formations whose applications changed; an
   * ancestor region (the agency's kabupaten/kota) is fine too: every KPI topic overlapping it
   * recomputes.
   */
  regionIds: number[];
}

/** Committed SKM responses: the live feedback topics of these regions recompute. */
export interface ResponsesArrived {
  serviceUnitIds: number[];
  /** The units' regions and all their ancestors. */
  regionCodes: string[];
  period: string;
}

/** Which reference tables a committed change touched: every instance's catalogue drops them. */
export type ReferenceTable = 'region' | 'agency' | 'serviceUnit' | 'selectionYear';

/** Reference data was written (an API mutation, the seed, `pnpm regions`): see reference/catalogue.ts. */
export interface ReferenceChanged {
  tables: ReferenceTable[];
}

/** An audit entry was written (its id), for administrators watching the log live. */
export interface AuditEntryAdded {
  id: number;
}

export type { SignedTreeHead };

/** Topic name to payload. */
export interface EventTopics {
  heartbeat: HeartbeatEvent;
  /** Committed score changes, from whichever process ingested them. */
  scoresChanged: ScoresChanged;
  sessionStatusChanged: SessionStatusChanged;
  announcementPublished: AnnouncementPublishedEvent;
  applicationStatusChanged: ApplicationStatusChangedEvent;
  /** Committed application changes (registration, verification, appeals, announcements). */
  applicationsChanged: ApplicationsChanged;
  auditEntryAdded: AuditEntryAdded;
  responsesArrived: ResponsesArrived;
  /** A score log head was signed (by whichever instance signed it). */
  ledgerHeadSigned: SignedTreeHead;
  referenceChanged: ReferenceChanged;
}

export type Topic = keyof EventTopics;

/** Every topic, for edges that must check what arrives from outside the process. */
export const TOPICS = [
  'heartbeat',
  'scoresChanged',
  'sessionStatusChanged',
  'announcementPublished',
  'applicationStatusChanged',
  'applicationsChanged',
  'auditEntryAdded',
  'responsesArrived',
  'ledgerHeadSigned',
  'referenceChanged',
] as const satisfies readonly Topic[];

/** Whether `name` is one of the topics (for payloads read from Redis or the database). */
export function isTopic(name: string): name is Topic {
  return (TOPICS as readonly string[]).includes(name);
}
