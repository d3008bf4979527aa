/**
 * `npm run cli -- <group> <command> …`: knowledge-base and database tools.
 * Commands print human-readable text (or JSON with --json) and exit non-zero
 * with a message that names the problem.
 */
import { ConfigError } from '../config.js';
import { runKbCommand } from './kb.js';
import { runDbCommand } from './db.js';
import { runApiKeyCommand, runRosterCommand, runUsageCommand } from './adoption.js';
import { runDigestCommand, runMetricsCommand } from './metrics.js';
import { CliError } from './context.js';
import { SURVEY_USAGE } from './survey-usage.js';
import { runEscalationsCommand } from './escalations.js';

const USAGE = `Usage: npm run cli -- <command>

Knowledge base
  kb import <folder|file> [--tenant local]     import Markdown (+ YAML front matter) and CSV Q&A files
  kb search "<question>" [--lang en|zh-CN] [--role end_user|champion|engineer|manager|admin] [--limit 5] [--tenant local] [--json]
  kb eval --articles <dir> --questions <file.jsonl> [--json]
                                               retrieval quality on a fresh temporary store

Adoption
  roster import <file.csv>                     people, departments, managers, waves and go-live dates (all or nothing)
  usage import <file.csv>                      logins and transactions exported from the rolled-out system
  apikey create <name> | apikey revoke <id>    keys for POST /api/usage (shown once; only a hash is stored)
  metrics export <table> [--week YYYY-MM-DD] [--output file.csv]
                                               CSV of tenant | departments | waves | knowledge-gaps | not-yet-active
  metrics rebuild                              rebuild the weekly usage rollup (after a time-zone change or a bulk load)
  digest preview [--manager <email>] [--week YYYY-MM-DD] [--chart file.png]
                                               the weekly digest as it would be sent (default: last full week)

Escalations
  escalations setup <file.yaml|json>           engineer groups, on-call, routing rules, SLA, champion-first (all or nothing)
  escalations show [--json]                    the current set-up, in the same format

${SURVEY_USAGE}

Database
  db migrate                                   apply prisma/migrations (also done on start)
  db diff [--create <name>]                    SQL from the migrations to prisma/schema.prisma; --create writes a new migration

Options: --verbose shows log lines. The tenant is the local channel's unless --tenant names
another (a Slack team id or Teams tenant id, with --platform slack|teams).`;

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    console.log(USAGE);
    return group ? 0 : 2;
  }
  if (group === 'kb') return runKbCommand(command, rest);
  if (group === 'db') return runDbCommand(command, rest);
  if (group === 'roster') return runRosterCommand(command, rest);
  if (group === 'usage') return runUsageCommand(command, rest);
  if (group === 'apikey') return runApiKeyCommand(command, rest);
  // Loaded on demand: the survey commands bring the job system (BullMQ) along.
  if (group === 'survey') return (await import('./surveys.js')).runSurveyCommand(command, rest);
  if (group === 'metrics') return runMetricsCommand(command, rest);
  if (group === 'digest') return runDigestCommand(command, rest);
  if (group === 'escalations') return runEscalationsCommand(command, rest);
  throw new CliError(`unknown command "${group}"\n\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError || err instanceof ConfigError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  },
);
