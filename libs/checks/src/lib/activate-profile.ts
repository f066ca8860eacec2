import type { Database } from '@cuntu/db';
import { createProfilesRepo } from './profiles.repo';
import { runChecks, runFraction, type RunSummary } from './run-checks';
import { allCountyCodes } from './scope';

export interface ActivationStep {
  /** 0…1 over the whole activation. */
  fraction: number;
  county: string;
  countyIndex: number;
  counties: number;
  phase: 'judging' | 'storing';
}

export interface ActivationResult {
  profile: RunSummary['profile'];
  counties: number;
  results: number;
  byVerdict: RunSummary['byVerdict'];
  durationMs: number;
}

/**
 * Judges every county by a profile, county by county, then makes it the active one. Until the last
 * county is judged the previous profile stays active, so the map never shows a half-judged county;
 * the verdicts of earlier profiles are kept and remain readable by their profile.
 */
export async function activateProfile(database: Database, profileId: number, onStep?: (step: ActivationStep) => void): Promise<ActivationResult> {
  const counties = await allCountyCodes(database);
  const run = await runChecks(database, {
    profileId, countyCodes: counties,
    onProgress: (progress) => onStep?.({
      fraction: runFraction(progress), county: counties[progress.countyIndex], countyIndex: progress.countyIndex, counties: counties.length, phase: progress.phase,
    }),
  });
  await createProfilesRepo(database).activate(profileId);
  return { profile: run.profile, counties: counties.length, results: run.results, byVerdict: run.byVerdict, durationMs: run.durationMs };
}
