/** Wires the survey jobs (src/jobs/definitions.ts) to SurveyRuns. Job data holds ids only. */
import type { Jobs } from '../jobs/system.js';
import type { SurveyRuns } from './runs.js';

export function registerSurveyJobs(jobs: Jobs, runs: SurveyRuns): void {
  jobs.registerProcessor('surveys.fan-out', async ({ surveyId, runKey }, ctx) => {
    const outcome = await runs.fanOut(surveyId, runKey, ctx.jobId);
    ctx.log.info({ surveyId, outcome }, 'survey fan-out');
  });
  jobs.registerProcessor('surveys.send-invite', async ({ inviteId }) => {
    await runs.sendInvite(inviteId);
  });
  jobs.registerProcessor('surveys.send-invites', async ({ inviteIds }) => {
    await runs.sendInvites(inviteIds);
  });
  jobs.registerProcessor('surveys.remind', async ({ surveyId, runKey }, ctx) => {
    const queued = await runs.remind(surveyId, runKey);
    ctx.log.info({ surveyId, queued }, 'survey reminders queued');
  });
  jobs.registerProcessor('surveys.send-reminders', async ({ inviteIds }) => {
    await runs.sendReminders(inviteIds);
  });
  jobs.registerProcessor('surveys.close', async ({ surveyId, runKey }) => {
    await runs.close(surveyId, runKey);
  });
}
