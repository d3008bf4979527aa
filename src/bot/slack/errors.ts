/**
 * Slack Web API failures in the core's vocabulary. Done here, at the edge,
 * so nothing past the adapter sees Slack's error names.
 */
import type { ErrorCode } from '../core/errors.js';

const UNAUTHORIZED = new Set([
  'invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission',
  'missing_scope', 'not_allowed_token_type', 'team_access_not_granted', 'ekm_access_denied', 'org_login_required',
]);
const NOT_FOUND = new Set(['channel_not_found', 'user_not_found', 'thread_not_found', 'message_not_found', 'not_in_channel', 'is_archived', 'team_not_found']);
const BAD_REQUEST = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'too_many_attachments', 'invalid_arguments', 'no_text', 'invalid_arg_name']);

export function codeForSlackError(error: string): ErrorCode {
  if (error === 'ratelimited' || error === 'rate_limited') return 'rate_limited';
  if (UNAUTHORIZED.has(error)) return 'unauthorized';
  if (NOT_FOUND.has(error)) return 'not_found';
  if (BAD_REQUEST.has(error)) return 'bad_request';
  return 'platform_error';
}
