import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { resolveConfig, type ConfigInput } from '../config.js';
import { emptyDatabase } from '../storage/repos/reset.js';
import { describeTarget, openStorage } from '../storage/storage.js';

interface ResetIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/**
 * `gatehouse reset`: empties the database (every org, policy, restriction and change), so the
 * next start loads the demo tenant again. Asks first on a terminal; elsewhere needs `--yes`.
 * Exit code 0 done (or declined), 2 not confirmed.
 */
export async function runReset(
  flags: ConfigInput & { yes?: boolean },
  io: ResetIo = process,
): Promise<number> {
  const config = resolveConfig({ ...flags, demo: false });
  const target = describeTarget(config.storage);
  if (config.storage.kind === 'sqlite' && !existsSync(config.storage.file)) {
    io.stdout.write(`Nothing to reset: no database at ${config.storage.file}\n`);
    return 0;
  }
  if (!flags.yes) {
    if (!io.stdin.isTTY || !io.stdout.isTTY) {
      io.stderr.write(
        `gatehouse: reset deletes everything in ${target}; not on a terminal, so confirm with --yes\n`,
      );
      return 2;
    }
    const prompt = createInterface({ input: io.stdin, output: io.stdout });
    const answer = await prompt.question(
      `Delete everything in ${target} (orgs, policies, restrictions, changes)? [y/N] `,
    );
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout.write('Nothing deleted.\n');
      return 0;
    }
  }
  const storage = await openStorage(config.storage);
  try {
    const deleted = await storage.transaction((trx) => emptyDatabase(trx));
    io.stdout.write(
      `Emptied ${target}: ${deleted} rows deleted. The next start loads the demo tenant again (unless --no-demo).\n`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}
