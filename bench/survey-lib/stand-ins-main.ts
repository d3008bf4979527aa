/**
 * The platform stand-ins in a process of their own (see RemoteStandIns): the
 * benchmark's own work (polling the database, garbage collection) must not
 * stall the event loop that timestamps arrivals and enforces the rate, or a
 * stall would show up as a burst and a 429 that no worker caused.
 * Environment: RATE.
 */
import { PlatformStandIns, type PlatformTally } from './stand-ins.js';

const standIns = await new PlatformStandIns(Number(process.env.RATE)).start();
const counts = (t: PlatformTally) => ({ accepted: t.accepted, rejected429: t.rejected429 });
const full = (t: PlatformTally) => ({ ...t, perRecipient: [...t.perRecipient] });

process.send!({ type: 'ready', url: standIns.url });
const ticker = setInterval(() => process.send!({ type: 'counts', slack: counts(standIns.slack), teams: counts(standIns.teams) }), 200);
process.on('message', (message: { type: string }) => {
  if (message.type === 'tally') process.send!({ type: 'tally', slack: full(standIns.slack), teams: full(standIns.teams) });
});
process.on('disconnect', () => {
  clearInterval(ticker);
  void standIns.close().then(() => process.exit(0));
});
