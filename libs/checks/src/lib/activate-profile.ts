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
  const started = performance.now();
  const counties = await allCountyCodes(database);
  const byVerdict = { pass: 0, fail: 0, unknown: 0 };
  let results = 0;
  let profile: RunSummary['profile'] | null = null;
  for (const [i, county] of counties.entries()) {
    const run = await runChecks(database, {
      profileId, countyCodes: [county],
      onProgress: (progress) => {
        onStep?.({ fraction: (i + runFraction(progress)) / counties.length, county, countyIndex: i, counties: counties.length, phase: progress.phase });
      },
    });
    profile = run.profile;
    results += run.results;
    for (const v of ['pass', 'fail', 'unknown'] as const) byVerdict[v] += run.byVerdict[v];
  }
  await createProfilesRepo(database).activate(profileId);
  const stored = profile ?? (await createProfilesRepo(database).get(profileId).then((p) => p && { id: p.id, key: p.key, version: p.version }));
  if (!stored) throw new Error(`no standards profile ${profileId}`);
  return { profile: stored, counties: counties.length, results, byVerdict, durationMs: Math.round(performance.now() - started) };
}
