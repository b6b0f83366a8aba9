/**
 * The authorization matrix: who may call each operation (every Query, Mutation and Subscription
 * field), in one table. The schema derives each root field's scope-auth scopes from it
 * ({@link access}), the matrix test walks every operation as every role and compares with it, and
 * docs/access.md prints it (`renderMatrix`). A new operation without a row here fails that test.
 *
 * Decided as a BKD would: verifiers verify documents and nothing else; officials run selections,
 * surveys and the workforce; administrators can do what officials can and also manage accounts and
 * read the audit; partners act only through the scopes of their key; applicants act on their own
 * data only (resolvers narrow `own` operations to the caller's rows).
 */
import type { Role } from './roles.js';
import type { PartnerScope } from './api-keys.js';

/** Staff roles, as sessions carry them. */
export type StaffRole = 'VERIFIER' | 'OFFICIAL' | 'ADMIN';

export interface Access {
  /** Anyone at all, including the anonymous public. */
  anyone?: true;
  /** Roles allowed (besides `anyone`). */
  roles?: readonly ('APPLICANT' | StaffRole)[];
  /** A partner key holding one of these scopes is allowed. */
  scopes?: readonly PartnerScope[];
  /** An applicant acts on their own rows only. */
  own?: true;
  /**
   * The caller must stay anonymous (SKM responses, aspirations): its audit entry keeps no address,
   * account, free text or answer, and only the day (see access/audit.ts).
   */
  anonymous?: true;
}

const anyone: Access = { anyone: true };
const anonymous: Access = { anyone: true, anonymous: true };
const officials = ['OFFICIAL', 'ADMIN'] as const;
const official: Access = { roles: officials };
const scores: Access = { roles: officials, scopes: ['scores:write'] };
const readEmployees: Access = { roles: officials, scopes: ['employees:read'] };
const writeEmployees: Access = { roles: officials, scopes: ['employees:write'] };
const admin: Access = { roles: ['ADMIN'] };
const verifier: Access = { roles: ['VERIFIER', 'ADMIN'] };
const applicant: Access = { roles: ['APPLICANT'], own: true };

/** Every operation of the API and who may call it. */
export const ACCESS_MATRIX = {
  Query: {
    agencies: anyone,
    announcements: anyone,
    apiKeys: admin,
    appealQueue: official,
    auditLog: admin,
    awards: anyone,
    employees: readEmployees,
    examSession: anyone,
    examSessions: anyone,
    examSites: anyone,
    feedback: official,
    formation: anyone,
    formations: anyone,
    latsarProgrammes: readEmployees,
    ledgerConsistency: anyone,
    ledgerHeads: anyone,
    ledgerKey: anyone,
    ledgerLogs: anyone,
    me: applicant,
    needsAnalysis: anyone,
    node: anyone,
    nodes: anyone,
    ranking: anyone,
    recruitmentImpact: anyone,
    recruitmentKpis: anyone,
    region: anyone,
    regionTrends: anyone,
    regions: anyone,
    selectionYear: anyone,
    selectionYears: anyone,
    serviceAspirationTexts: official,
    serviceAspirations: anyone,
    serviceSatisfaction: anyone,
    serviceUnit: anyone,
    serviceUnits: anyone,
    staffingNeeds: anyone,
    surveyPeriods: anyone,
    users: admin,
    verificationQueue: verifier,
    verifyScore: anyone,
    viewer: anyone,
  },
  Mutation: {
    advanceSelectionPhase: admin,
    answerFeedback: official,
    applyToFormation: applicant,
    appointFromFinalResult: writeEmployees,
    approveFormation: official,
    closeExamSession: scores,
    closeFeedback: official,
    closeSurveyPeriod: official,
    completeLatsar: writeEmployees,
    confirmApplicant: anyone,
    createAgency: admin,
    createApiKey: admin,
    createExamSite: admin,
    createFirstAdmin: anyone,
    createLatsarProgramme: writeEmployees,
    createSelectionYear: admin,
    createServiceUnit: official,
    createUser: admin,
    decideAppeal: official,
    disableUser: admin,
    disqualifyParticipant: scores,
    enrolInLatsar: writeEmployees,
    fileAppeal: applicant,
    grantAward: writeEmployees,
    issueDeviceToken: anonymous,
    issueKioskToken: official,
    login: anyone,
    loginApplicant: anyone,
    openSurveyPeriod: official,
    proposeFormation: official,
    publishAnnouncement: official,
    recordAppraisal: writeEmployees,
    recordStaffingNeed: official,
    registerApplicant: anyone,
    reportExamProgress: scores,
    rescheduleSelectionYear: admin,
    revokeApiKey: admin,
    scheduleExamSession: scores,
    setAwardConsent: writeEmployees,
    setRegionPopulation: admin,
    setRegionTarget: official,
    startExamSession: scores,
    submitExamResults: scores,
    submitServiceAspiration: anonymous,
    submitSkbResults: scores,
    submitSurveyResponse: anonymous,
    updateSelectionRules: admin,
    updateServiceUnit: official,
    uploadDocument: applicant,
    verifyApplication: verifier,
  },
  Subscription: {
    announcementPublished: anyone,
    applicationStatusChanged: applicant,
    auditEntryAdded: admin,
    examSessionScores: anyone,
    examSiteSessions: anyone,
    feedbackMetricsUpdated: anyone,
    heartbeat: anyone,
    kpisUpdated: anyone,
    ledgerHeadSigned: anyone,
    rankingUpdated: anyone,
  },
} as const satisfies Record<'Query' | 'Mutation' | 'Subscription', Record<string, Access>>;

export type OperationType = keyof typeof ACCESS_MATRIX;

/** The row of `field` of `type`; throws for an operation the matrix does not know (a bug). */
export function accessOf(type: OperationType, field: string): Access {
  const row = (ACCESS_MATRIX[type] as Record<string, Access>)[field];
  if (!row) throw new Error(`${type}.${field} has no row in the authorization matrix (src/access/matrix.ts)`);
  return row;
}

/** Whether a caller of `role` holding `scopes` may call the operation. */
export function allows(row: Access, role: Role, scopes: ReadonlySet<string>): boolean {
  if (row.anyone) return true;
  if (role !== 'PUBLIC' && role !== 'PARTNER' && row.roles?.includes(role)) return true;
  return role === 'PARTNER' && (row.scopes ?? []).some((s) => scopes.has(s));
}

/** The scope-auth scopes of an operation: `authScopes: access('Mutation', 'submitExamResults')`. */
export function access(type: OperationType, field: string): { public: true } | { matrix: Access } {
  const row = accessOf(type, field);
  return row.anyone ? { public: true } : { matrix: row };
}

const COLUMNS: Array<[string, (row: Access) => string]> = [
  ['Public', (r) => (r.anyone ? '✓' : '')],
  ['Applicant', (r) => (r.anyone ? '✓' : r.roles?.includes('APPLICANT') ? (r.own ? 'own' : '✓') : '')],
  ['Verifier', (r) => (r.anyone || r.roles?.includes('VERIFIER') ? '✓' : '')],
  ['Official', (r) => (r.anyone || r.roles?.includes('OFFICIAL') ? '✓' : '')],
  ['Admin', (r) => (r.anyone || r.roles?.includes('ADMIN') ? '✓' : '')],
  ['Partner scope', (r) => (r.anyone ? 'any' : (r.scopes ?? []).map((s) => `\`${s}\``).join(', '))],
];

/** The matrix as a Markdown table (docs/access.md's copy is checked against it). */
export function renderMatrix(): string {
  const lines = [`| Operation | ${COLUMNS.map(([name]) => name).join(' | ')} |`, `|---|${COLUMNS.map(() => ':-:').join('|')}|`];
  for (const [type, rows] of Object.entries(ACCESS_MATRIX)) {
    for (const [field, row] of Object.entries(rows as Record<string, Access>)) {
      lines.push(`| ${type}.\`${field}\` | ${COLUMNS.map(([, cell]) => cell(row)).join(' | ')} |`);
    }
  }
  return lines.join('\n');
}
