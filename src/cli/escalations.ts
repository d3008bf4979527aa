/** `escalations setup <file>` and `escalations show`: the rollout team's routing set-up. */
import { readFile } from 'node:fs/promises';
import { applyEscalationSetup, describeEscalationSetup, setupAsYaml } from '../escalations/setup.js';
import { CliError, TENANT_FLAGS, cliContext, withCliDatabase, cliTenant, flags } from './context.js';

export async function runEscalationsCommand(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'setup' && command !== 'show') throw new CliError(`unknown escalations command "${command ?? ''}": use setup <file> or show`);
  const { values, positionals } = flags(args, { ...TENANT_FLAGS, json: 'boolean' });
  const [file] = positionals;
  if (command === 'setup' && !file) throw new CliError('escalations setup needs a YAML or JSON file (see examples/escalations.yaml)');
  const text = file
    ? await readFile(file, 'utf8').catch(() => {
        throw new CliError(`${file}: no such file or it cannot be read`);
      })
    : '';
  return withCliDatabase(cliContext(values.verbose), async (database) => {
    const tenant = await cliTenant(database.prisma, values);
    if (command === 'show') {
      const setup = await describeEscalationSetup(database.prisma, tenant.id);
      console.log(values.json ? JSON.stringify(setup, null, 2) : setupAsYaml(setup));
      return 0;
    }
    const result = await applyEscalationSetup(database.prisma, tenant.id, text, file as string);
    if (!result.ok) {
      console.error(`Nothing was changed: ${result.problems.length} problem(s) to fix first.`);
      for (const p of result.problems) console.error(`  ${file}:${p.line ?? 1}: ${p.path ? `${p.path}: ` : ''}${p.message}`);
      return 1;
    }
    const s = result.summary;
    console.log(
      `Escalation set-up applied: ${s.groups.created} group(s) added, ${s.groups.updated} updated${s.groups.removed.length ? `, removed ${s.groups.removed.join(', ')}` : ''}; ` +
        `${s.members} member(s), ${s.rules} rule(s); fallback: ${s.fallback ?? 'none (unmatched questions stay unrouted)'}.` +
        (s.promoted ? ` ${s.promoted} person(s) became engineers.` : ''),
    );
    return 0;
  });
}
