import { runCli } from './cli/program.js';

/** Entry point of the `gatehouse` command (bin/gatehouse.js). */
export function main(argv: string[]): Promise<number> {
  return runCli(argv);
}
