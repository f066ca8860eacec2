export { runChecks } from './lib/run-checks';
export type { RunChecksOptions, RunSummary } from './lib/run-checks';
export { createProfilesRepo, ProfileValidationError } from './lib/profiles.repo';
export type { StoredProfile, ProfilesRepo } from './lib/profiles.repo';
export { createFactsRepo } from './lib/facts.repo';
export type { CheckScope } from './lib/scope';
export { createResultsRepo, VERDICT_LAYERS } from './lib/results.repo';
export type { ResultsRepo, ResultRow, SummaryArea, VerdictLayer } from './lib/results.repo';
export { affectedVillages } from './lib/affected';
