import type { Context } from 'hono';
import { activateProfile, createProfilesRepo, ProfileValidationError } from '@cuntu/checks';
import type { Principal } from '@cuntu/domain';
import { auditAdministration } from '../audit/admin-audit';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** 409 while a profile is being activated (one activation at a time, in the whole deployment). */
export async function assertNoActivationRunning(c: Context<AppEnv>) {
  if (await c.get('jobs').running('activate-profile')) throw new ApiError(409, 'activation_running', '另一个标准方案正在启用中 / Another profile is being activated');
}

/**
 * Starts judging every county by a profile and activating it, as a job; 409 while another runs. It may
 * be cancelled while a county is being judged (the previous profile stays active). Once active, the
 * switch is audited: which profile was active before, which is now, and who asked.
 */
export async function startActivation(c: Context<AppEnv>, owner: Principal, profile: { id: number; key: string; version: number; nameZh: string }) {
  await assertNoActivationRunning(c);
  const jobs = c.get('jobs');
  const database = c.get('database');
  const named = (p: { key: string; version: number; nameZh: string }) => ({ key: p.key, version: p.version, nameZh: p.nameZh });
  return jobs.start('activate-profile', owner, async (work) => {
    const before = await createProfilesRepo(database).active();
    const result = await activateProfile(database, profile.id, (step) => {
      work.report({
        fraction: step.fraction,
        stepZh: `按「${profile.nameZh}」核查第 ${step.countyIndex + 1}/${step.counties} 个县${step.phase === 'storing' ? '，保存结果' : ''}`,
        stepEn: `Judging county ${step.countyIndex + 1} of ${step.counties} by ${profile.key} v${profile.version}${step.phase === 'storing' ? ', storing verdicts' : ''}`,
      });
      if (step.phase === 'judging') work.stopIfCancelled();
    });
    await auditAdministration(database, owner, 'profiles', profile.id, 'activate', named(before), named(profile));
    return result;
  });
}

/** Profile rule breaches as a 422 naming each threshold and the reason. */
export async function thresholdErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ProfileValidationError) throw new ApiError(422, 'invalid_thresholds', '标准阈值超出允许范围或相互矛盾 / The thresholds are out of range or inconsistent', e.issues);
    throw e;
  }
}
