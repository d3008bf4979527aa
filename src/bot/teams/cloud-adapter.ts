/**
 * botbuilder's CloudAdapter with its activity pipeline reachable directly:
 * Hypercare reads and validates the HTTP body itself (size cap, zod) and
 * writes the response itself, so it needs processActivity rather than the
 * Express-shaped process(req, res).
 */
import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

export class TeamsCloudAdapter extends CloudAdapter {
  /** Authenticate `authHeader` for `activity`, then run `logic` in a turn; resolves to the invoke response, if any. */
  handle(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
