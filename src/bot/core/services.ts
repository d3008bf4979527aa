/**
 * The domain services handlers use, assembled once at start-up (main.ts) and
 * in tests with real storage. Handlers never construct these themselves.
 */
import type { UserDirectory } from '../../directory/users.js';
import type { KnowledgeService } from '../../knowledge/service.js';
import type { QuestionLog } from '../../knowledge/questions.js';
import type { FeedbackLearning } from '../../knowledge/learning.js';
import type { ArticleLinks } from '../../knowledge/links.js';
import type { HomeSection } from './home.js';
import type { SurveyAnswers } from '../../surveys/answers.js';
import type { RecognitionService } from '../../adoption/recognition.js';
import type { EscalationFlow } from '../../escalations/flow.js';

export interface BotServices {
  knowledge: KnowledgeService;
  users: UserDirectory;
  questions: QuestionLog;
  learning: FeedbackLearning;
  links: ArticleLinks;
  /** Below this confidence the bot says it does not know instead of guessing. */
  answerThreshold: number;
  /** Capabilities that other parts of the product switch on (e.g. "Talk to an engineer"). */
  features: { escalations: boolean };
  /** Escalation to engineers; set once outbound delivery exists (createApp). */
  escalations?: EscalationFlow;
  /** The sections of a person's home view, in order (see src/bot/home). */
  home: HomeSection[];
  /** Survey answers and the survey opt-out (src/surveys); absent in set-ups without surveys. */
  surveys?: { answers: SurveyAnswers; setOptOut(tenantId: string, userId: string, optOut: boolean): Promise<void> };
  /** Champions: recognising colleagues, thanks on answers, leaderboard, opt-out. */
  recognition: RecognitionService;
}
