/**
 * Who may apply to which formation (RULES.md): the education level the job asks for, the
 * disability flag for DISABILITAS, the matching origin for PAPUA and KALIMANTAN, the GPA bound for
 * CUMLAUDE. Pure: the service passes plain values in.
 */
import type { FormationTypeName, RuleSet } from './rules.js';

export type EducationLevelName = 'SMA' | 'D3' | 'D4' | 'S1' | 'S2' | 'S3';

/** Kemendagri province codes of Papua (incl. the 2022 new provinces) and of Kalimantan. */
export const PAPUA_PROVINCES: ReadonlySet<string> = new Set(['91', '92', '93', '94', '95', '96']);
export const KALIMANTAN_PROVINCES: ReadonlySet<string> = new Set(['61', '62', '63', '64', '65']);

export interface EligibilityInput {
  applicant: { educationLevel: EducationLevelName; disability: boolean; gpa: number; originRegionCode: string };
  formation: { educationLevel: EducationLevelName; type: FormationTypeName };
  rules: RuleSet;
}

/** An unmet requirement: the applicant field it concerns and why. */
export interface Ineligibility {
  field: 'educationLevel' | 'disability' | 'originRegion' | 'gpa';
  reason: string;
}

export function checkEligibility({ applicant, formation, rules }: EligibilityInput): Ineligibility[] {
  const problems: Ineligibility[] = [];
  // A formation names the qualification of the job; a different level (higher included) is not it.
  if (applicant.educationLevel !== formation.educationLevel) {
    problems.push({ field: 'educationLevel', reason: `the formation asks for ${formation.educationLevel}, the applicant has ${applicant.educationLevel}` });
  }
  const typeProblem = formationTypeIneligibility(applicant, formation.type, rules);
  if (typeProblem) problems.push(typeProblem);
  return problems;
}

/** What a formation type itself asks of an applicant. */
export type TypeEligibilityFacts = Pick<EligibilityInput['applicant'], 'disability' | 'gpa' | 'originRegionCode'>;

/**
 * The requirement of a formation type the applicant does not meet, or null. Separate from the
 * education check so that optimalisasi, which only moves applicants between formations of the
 * same education, applies the same type rules as the application did.
 */
export function formationTypeIneligibility(applicant: TypeEligibilityFacts, type: FormationTypeName, rules: RuleSet): Ineligibility | null {
  const province = applicant.originRegionCode.slice(0, 2);
  switch (type) {
    case 'DISABILITAS':
      return applicant.disability ? null : { field: 'disability', reason: 'DISABILITAS formations are for applicants with a disability' };
    case 'PAPUA':
      return PAPUA_PROVINCES.has(province) ? null : { field: 'originRegion', reason: 'PAPUA formations are for applicants from Papua' };
    case 'KALIMANTAN':
      return KALIMANTAN_PROVINCES.has(province) ? null : { field: 'originRegion', reason: 'KALIMANTAN formations are for applicants from Kalimantan' };
    case 'CUMLAUDE':
      return applicant.gpa >= rules.cumlaudeMinGpa ? null : { field: 'gpa', reason: `CUMLAUDE formations need a GPA of at least ${rules.cumlaudeMinGpa}` };
    case 'UMUM':
      return null;
  }
}
