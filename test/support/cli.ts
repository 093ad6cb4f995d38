import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/paths.js';
import type { TestStorage } from './harness.js';

/** Helpers of the CLI end-to-end tests: the real `gatehouse` command in child processes. */
export const run = promisify(execFile);
export const BIN = join(packageRoot(), 'bin', 'gatehouse.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export async function gatehouse(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export function dbFlags(test: TestStorage): string[] {
  return test.target.kind === 'sqlite'
    ? ['--db', test.target.file]
    : ['--database-url', test.target.url];
}

export interface Served {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `gatehouse serve …` in a child process, resolved once its banner (the curl line) is out. */
export function serve(args: string[]): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise<Served>((resolve, reject) => {
    const check = () => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && /(curl .*|No org is loaded.*)\n/.test(out)) {
        child.stdout!.off('data', check);
        resolve({ url, output: () => out, stop });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}
