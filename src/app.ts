/**
 * Assembles the bot from its parts: domain services over one database, the
 * router with its handlers, and the HTTP server with health checks, the
 * local channel and article pages. main.ts feeds it real configuration;
 * tests feed it a test database and port 0 — the same code path either way.
 */
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Db } from './db/client.js';
import { TenantDirectory } from './directory/tenants.js';
import { UserDirectory } from './directory/users.js';
import { EventDeduplicator } from './bot/core/dedupe.js';
import { Router } from './bot/core/router.js';
import type { BotServices } from './bot/core/services.js';
import { coreHandlers } from './bot/handlers/index.js';
import { defaultHomeSections } from './bot/home/index.js';
import { LocalInbox } from './bot/local/inbox.js';
import { registerLocalApi } from './bot/local/api.js';
import { webChatPage } from './bot/local/web-page.js';
import { KnowledgeService, type IndexFactory } from './knowledge/service.js';
import { QuestionLog } from './knowledge/questions.js';
import { FeedbackLearning } from './knowledge/learning.js';
import { ArticleLinks } from './knowledge/links.js';
import { detectLanguage } from './knowledge/text/detect-language.js';
import { createSearchIndex, RECOMMENDED_THRESHOLD } from './knowledge/search/index.js';
import { HttpServer } from './http/server.js';
import { JobsUnavailable, type Jobs } from './jobs/system.js';
import { OutboundDelivery } from './delivery/outbound.js';
import { registerDeliveryJobs } from './delivery/jobs.js';
import { registerDirectoryJobs } from './directory/jobs.js';
import { localSender } from './bot/local/sender.js';
import type { AdapterFactory, PlatformAdapter } from './bot/core/adapter.js';
import { registerHealth, type ReadinessCheck } from './http/health.js';
import { registerArticlePage } from './http/article-page.js';
import { registerUsageApi } from './adoption/usage-api.js';
import { registerAdminApi } from './admin/api.js';
import { createEscalationRuntime, type EscalationRuntime } from './escalations/runtime.js';
import type { SendRateLimiter } from './delivery/rate-limit.js';
import { SurveyService } from './surveys/service.js';
import { SurveyRuns } from './surveys/runs.js';
import { SurveyAnswers } from './surveys/answers.js';
import { registerSurveyJobs } from './surveys/jobs.js';
import { DigestChartLinks, registerDigestChartRoute } from './adoption/digest-chart-route.js';
import { registerDigestJobs } from './adoption/digest-jobs.js';
import { RecognitionService } from './adoption/recognition.js';
import { registerChampionJobs } from './adoption/champion-of-month.js';
import { digestChampions } from './adoption/champions.js';
import { EscalationFlow } from './escalations/flow.js';

export type AppConfig = Pick<Config, 'publicUrl' | 'maxMessageChars' | 'answerConfidenceThreshold' | 'localChannel'>;

export interface AppDeps {
  config: AppConfig;
  log: Logger;
  db: Db;
  /** Signs article links. */
  secret: string;
  /** Extra readiness checks besides the database (e.g. Redis). */
  readiness?: Record<string, ReadinessCheck>;
  createIndex?: IndexFactory;
  knowledgeFreshnessMs?: number;
  /** Background jobs; without them proactive messages are sent inline. */
  jobs?: Jobs;
  /** Chat platforms to serve besides the local channel (Slack, Teams). */
  adapters?: AdapterFactory[];
  /** Escalation timing for tests: a fixed clock and policy minutes shrunk to milliseconds. */
  escalationTiming?: { clock?: () => Date; slaMinuteMs?: number };
  /** Paces proactive sends per Slack workspace / Teams tenant across all workers (Redis). */
  sendLimiter?: SendRateLimiter;
  /** The surveys' clock (tests move it); default the real one. */
  surveyClock?: () => Date;
}

export interface App {
  server: HttpServer;
  router: Router;
  services: BotServices;
  tenants: TenantDirectory;
  inbox: LocalInbox;
  outbound: OutboundDelivery;
  adapters: PlatformAdapter[];
  /** Escalation lifecycle with its SLA timers (one service: every state change moves the timers). */
  escalations: EscalationRuntime;
  surveys: { service: SurveyService; runs: SurveyRuns };
}

export function createApp(deps: AppDeps): App {
  const { config, log, db } = deps;
  const tenants = new TenantDirectory(db);
  const users = new UserDirectory(db);
  const links = new ArticleLinks(config.publicUrl, deps.secret);
  const services: BotServices = {
    knowledge: new KnowledgeService(db, deps.createIndex ?? createSearchIndex, log.child({ component: 'knowledge' }), {
      freshnessMs: deps.knowledgeFreshnessMs,
    }),
    users,
    questions: new QuestionLog(db),
    learning: new FeedbackLearning(db),
    links,
    answerThreshold: config.answerConfidenceThreshold ?? RECOMMENDED_THRESHOLD,
    features: { escalations: false },
    home: defaultHomeSections(db, deps.secret),
    surveys: {
      answers: new SurveyAnswers(db, deps.secret, deps.surveyClock),
      setOptOut: async (tenantId, userId, optOut) => {
        await db.user.updateMany({ where: { id: userId, tenantId }, data: { surveyOptOut: optOut } });
      },
    },
    // The outbound path is built below (it needs the adapters); recognitions only send after start-up.
    recognition: new RecognitionService(db, (request) => outbound.deliverToUser(request), log.child({ component: 'champions' })),
  };
  const router = new Router({
    tenants,
    users,
    dedupe: new EventDeduplicator(db),
    handlers: coreHandlers,
    services,
    detectLanguage,
    maxMessageChars: config.maxMessageChars,
    log: log.child({ component: 'router' }),
  });

  const server = new HttpServer(log.child({ component: 'http' }));
  registerHealth(server, {
    database: async () => {
      await db.$queryRaw`SELECT 1`;
    },
    ...deps.readiness,
  });
  const inbox = new LocalInbox(db);
  if (config.localChannel.enabled) {
    registerLocalApi(server, { router, inbox, tenants, users, token: config.localChannel.token });
    server.route('GET', '/', async () => ({ status: 200, html: webChatPage() }));
  }
  registerArticlePage(server, db, links);
  registerUsageApi(server, { db });
  registerAdminApi(server, { db, tenants, secret: deps.secret });
  const digestCharts = new DigestChartLinks(config.publicUrl, deps.secret);
  registerDigestChartRoute(server, { db, links: digestCharts });

  const adapters = (deps.adapters ?? []).map((create) =>
    create({ router, db, tenants, users, services, log: log.child({ component: 'adapter' }) }),
  );
  for (const adapter of adapters) adapter.mount(server);

  const jobs = deps.jobs ?? new JobsUnavailable();
  const senders = Object.fromEntries([['local', localSender(inbox, users)], ...adapters.map((a) => [a.platform, a.sender])]);
  const outbound = new OutboundDelivery(db, jobs, senders, log.child({ component: 'outbound' }), deps.sendLimiter);
  registerDeliveryJobs(jobs, outbound);
  const surveyLog = log.child({ component: 'surveys' });
  const surveyService = new SurveyService(db, jobs, surveyLog, { now: deps.surveyClock });
  const surveyRuns = new SurveyRuns({ db, jobs, outbound, secret: deps.secret, log: surveyLog, now: deps.surveyClock });
  registerSurveyJobs(jobs, surveyRuns);
  registerDirectoryJobs(jobs, { db, adapters });
  registerChampionJobs(jobs, { db, outbound, log: log.child({ component: 'champions' }) });
  const escalations = createEscalationRuntime({ db, jobs, outbound, log, ...deps.escalationTiming });
  registerDigestJobs(jobs, { db, outbound, chartLinks: digestCharts, log: log.child({ component: 'digests' }), champions: digestChampions });
  const invalidateKnowledge = (tenantId: string) => services.knowledge.invalidate(tenantId);
  const escalationClock = deps.escalationTiming?.clock;
  const escalationFlow = new EscalationFlow({ db, outbound, service: escalations.service, invalidateKnowledge, log, ...(escalationClock ? { clock: escalationClock } : {}) });
  services.escalations = escalationFlow;
  // Champion-first: what nobody claimed in the window reaches the engineers with the same card as a new escalation.
  escalations.champions.onHandover((escalation) => escalationFlow.notifyRouted(escalation));
  // "Talk to an engineer" shows for tenants with engineer groups (EscalationFlow.conversationState().configured).
  services.features.escalations = true;
  return { server, router, services, tenants, inbox, outbound, adapters, escalations, surveys: { service: surveyService, runs: surveyRuns } };
}
