/** The escalations module's public surface: routing, lifecycle, SLA timers. */
export { EscalationService, STAFF_ROLES } from './service.js';
export type { ClaimResult, CreateEscalationInput, EscalationServiceOptions } from './service.js';
export {
  firstMatchingRule,
  onCallMember,
  onCallOfGroup,
  orderRules,
  routeEscalation,
  routingContextOfQuestion,
  ruleMatches,
} from './routing.js';
export type { MemberFields, RouteDecision, RoutingContext, RuleFields } from './routing.js';
export { groupSettingsSchema, parseGroupSettings, parseSlaPolicy, slaPolicySchema, workingHoursSchema } from './settings.js';
export type { GroupSettings, SlaPolicy } from './settings.js';
export { LAST_SLA_STEP, SlaTimers, slaJobId, slaStepDueAt, stageBudget, stageOf } from './sla.js';
export type { SlaNotificationInfo, SlaNotificationKind, SlaNotify, SlaRecipients, SlaStage, SlaStepOutcome, SlaTimersOptions } from './sla.js';
export { DEFAULT_WORKING_HOURS, addWorkingMinutes, isWorkingTime, workingMinutesBetween } from './working-time.js';
export type { WorkingCalendar, WorkingHours } from './working-time.js';
