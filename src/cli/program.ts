import { Command, CommanderError, Option } from 'commander';
import { ConfigError, type ConfigInput } from '../config.js';
import { TenantFileError } from '../tenant/parse.js';
import { runCheck, type DecisionFlags } from './check.js';
import { runExplain } from './explain.js';
import { runExport } from './export.js';
import { runImport } from './import.js';
import { runRehearse, type RehearseFlags } from './rehearse.js';
import { runReset } from './reset.js';
import { runServe } from './serve.js';

const storageOptions = (command: Command) =>
  command
    .addOption(
      new Option(
        '--db <file>',
        'SQLite database file (default ./data/gatehouse.db; env GATEHOUSE_DB)',
      ),
    )
    .addOption(
      new Option(
        '--database-url <url>',
        'PostgreSQL URL, postgres://user@host:port/db (env DATABASE_URL)',
      ),
    )
    .addOption(
      new Option(
        '--sqlite-synchronous <mode>',
        'SQLite durability: FULL (default) or NORMAL (env GATEHOUSE_SQLITE_SYNCHRONOUS)',
      ).choices(['FULL', 'NORMAL']),
    );

/** The flags `check` and `explain` share: which org, who, what, on what. */
const decisionOptions = (command: Command) =>
  storageOptions(command)
    .option('--org <id>', 'the org to decide in (optional when the database holds one org)')
    .option('--user <accountId>', 'subject: a user')
    .option('--admin-key', 'the user is a site admin using the admin key (with --user)')
    .option('--app <ari>', 'subject: an app, by ARI')
    .option('--acting-for <accountId>', 'the app acts for this user (with --app)')
    .option('--anonymous', 'subject: an anonymous caller')
    .addOption(
      new Option(
        '--action <action>',
        'read, update, export, downloadAttachment, viewPublicLink, restrict',
      ),
    )
    .option(
      '--resource <type:id>',
      'page:ID, blogpost:ID, attachment:ID, space:ID, issue:KEY|ID or project:KEY|ID (Jira)',
    )
    .option('--json', 'print the decision as POST /gatehouse/v1/orgs/{orgId}/check answers it');

/** Exit code set by the last command action (check: 0 allow, 3 deny). */
let actionExitCode = 0;

export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description(
      'Atlassian data security policies and Confluence content restrictions: a local, stateful server that enforces them.',
    )
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();

  storageOptions(
    program
      .command('serve')
      .description('apply migrations, load tenant files, and serve the APIs')
      .option('--port <n>', 'port to listen on (default 8080; env PORT)')
      .option('--host <host>', 'interface to listen on (default 0.0.0.0; env HOST)')
      .option(
        '--tenant <file...>',
        'tenant file(s), JSON or YAML, to load (idempotently) before serving; repeatable (env GATEHOUSE_TENANT, comma-separated)',
      )
      .option(
        '--default-site <name>',
        'site that plain /wiki/… paths address (env GATEHOUSE_DEFAULT_SITE)',
      )
      .option(
        '--no-demo',
        'do not load demo/tenant.json into an empty database (env GATEHOUSE_DEMO=false)',
      )
      .option(
        '--log-level <level>',
        'fatal|error|warn|info|debug|trace|silent (default info; env LOG_LEVEL)',
      )
      .option(
        '--body-limit <bytes>',
        'largest request body accepted (default 1048576; env GATEHOUSE_BODY_LIMIT)',
      )
      .option(
        '--sync-interval <ms>',
        'how often to pick up writes of other processes (default 1000; env GATEHOUSE_SYNC_INTERVAL_MS)',
      )
      .option(
        '--propagation-delay <ms>',
        'policy resources stay "pending" this long after they are added, and enforce only once "applied" (default 0; env GATEHOUSE_PROPAGATION_DELAY_MS)',
      )
      .option(
        '--operator-key <key>',
        'key of the operator endpoints: orgs, fork, snapshot, reset, faults (generated and printed when not given; env GATEHOUSE_OPERATOR_KEY)',
      )
      .option(
        '--enforcement <spec>',
        'enforcement modes stored for every org at start, e.g. soft or export=soft,restrictions=off (env GATEHOUSE_ENFORCEMENT)',
      )
      .addOption(
        new Option(
          '--rate-limit <mode>',
          "off (default) or atlassian: 429s shaped like Atlassian's limits (env GATEHOUSE_RATE_LIMIT)",
        ).choices(['off', 'atlassian']),
      )
      .option(
        '--decision-log-size <n>',
        'denials the decision log keeps per org, newest first (default 1000, 0 = off; env GATEHOUSE_DECISION_LOG_SIZE)',
      ),
  ).action(runServe);

  storageOptions(
    program
      .command('import')
      .description('load a tenant file (JSON or YAML) into the database; idempotent')
      .argument('<file>', 'tenant file'),
  ).action(runImport);

  storageOptions(
    program
      .command('export')
      .description(
        'write the whole state (world, policies, restrictions, classification) as a tenant file on stdout',
      )
      .option('--org <id>', 'export only this org'),
  ).action(runExport);

  storageOptions(
    program
      .command('reset')
      .description(
        'empty the database (every org, policy, restriction and change) so the next start loads the demo tenant again; stop the server first',
      )
      .option('--yes', 'do not ask (needed when not run on a terminal)'),
  ).action(async (flags: ConfigInput & { yes?: boolean }) => {
    actionExitCode = await runReset(flags);
  });

  decisionOptions(
    program
      .command('check')
      .description(
        'decide one request from the database: prints allow or deny with the deciding rules; exit code 0 = allow, 3 = deny, 2 = bad flags',
      ),
  ).action(async (flags: DecisionFlags) => {
    actionExitCode = await runCheck(flags);
  });

  decisionOptions(
    program
      .command('explain')
      .description(
        'decide one request from the database and explain it: every rule, policy and restriction',
      ),
  ).action(async (flags: DecisionFlags) => {
    actionExitCode = await runExplain(flags);
  });

  storageOptions(
    program
      .command('rehearse')
      .description(
        'what publishing the batches in FILE ({"publish": [publishDraftPolicies bodies]}) would change, exactly, without publishing; exit code 0 = nothing would change, 4 = something would, 1 = publish would refuse a batch',
      )
      .argument('<file>', 'JSON file: {"publish": [...]} or a list of publishDraftPolicies bodies')
      .option('--org <id>', 'the org (optional when the database holds one org)')
      .option('--json', 'print the answer of POST /gatehouse/v1/orgs/{orgId}/rehearse'),
  ).action(async (file: string, flags: RehearseFlags) => {
    actionExitCode = await runRehearse(file, flags);
  });

  return program;
}

/** Runs the CLI; resolves to the process exit code (serve resolves once listening). */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({
    writeErr: (text) => process.stderr.write(text),
    outputError: (text, write) => write(text.split('\n')[0] + '\n'),
  });
  for (const sub of program.commands) {
    sub.exitOverride();
    sub.configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  }
  actionExitCode = 0;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return actionExitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`gatehouse: ${error.problems.join('; ')}\n`);
      return 2;
    }
    if (error instanceof TenantFileError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
