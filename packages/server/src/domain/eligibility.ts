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
  const province = applicant.originRegionCode.slice(0, 2);
  switch (formation.type) {
    case 'DISABILITAS':
      if (!applicant.disability) problems.push({ field: 'disability', reason: 'DISABILITAS formations are for applicants with a disability' });
      break;
    case 'PAPUA':
      if (!PAPUA_PROVINCES.has(province)) problems.push({ field: 'originRegion', reason: 'PAPUA formations are for applicants from Papua' });
      break;
    case 'KALIMANTAN':
      if (!KALIMANTAN_PROVINCES.has(province)) problems.push({ field: 'originRegion', reason: 'KALIMANTAN formations are for applicants from Kalimantan' });
      break;
    case 'CUMLAUDE':
      if (applicant.gpa < rules.cumlaudeMinGpa) problems.push({ field: 'gpa', reason: `CUMLAUDE formations need a GPA of at least ${rules.cumlaudeMinGpa}` });
      break;
    case 'UMUM':
      break;
  }
  return problems;
}
