/** The handler list, in the order the router tries them: actions and commands first, questions last. */
import type { Handler } from '../core/handler.js';
import { askHandler } from './ask.js';
import { feedbackHandler } from './feedback.js';
import { helpHandler } from './help.js';
import { languageHandler } from './language.js';
import { statsHandler } from './stats.js';
import { surveyHandler } from './survey.js';
import { recognizeHandler } from './recognize.js';
import { leaderboardHandler } from './leaderboard.js';
import { escalationActionsHandler } from './escalation-actions.js';
import { escalationQueueHandler } from './escalation-queue.js';
import { escalationConversationHandler } from './escalate.js';

export const coreHandlers: Handler[] = [
  feedbackHandler, surveyHandler, languageHandler, helpHandler, statsHandler, recognizeHandler, leaderboardHandler,
  escalationActionsHandler, escalationQueueHandler, escalationConversationHandler,
  askHandler,
];
