import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';

const BIN = join(packageRoot(), 'bin', 'gatehouse.js');

/** `gatehouse serve` in a child process: the real process, its process guards and its logs. */
export interface GatehouseProcess {
  /** `http://127.0.0.1:{port}` */
  url: string;
  child: ChildProcess;
  /** Everything it printed: the banner, then one JSON log line per event. */
  output(): string;
  /** Only the JSON log lines (the banner prints the demo's credentials on purpose). */
  logLines(): string[];
  alive(): boolean;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnGatehouse(
  args: string[],
  env: Record<string, string> = {},
): Promise<GatehouseProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  // Ready once the banner says the index is loaded (the server listens before, answering 503).
  const port = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening on http:\/\/[^:\s]+:(\d+)/.exec(out);
      if (match && /^Index ready:/m.test(out)) {
        child.stdout!.off('data', check);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`serve exited with ${child.exitCode}: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    logLines: () => out.split('\n').filter((line) => line.startsWith('{')),
    alive: () => child.exitCode === null && child.signalCode === null,
    kill9: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** One request; a connection the server dropped (it was killed) is status 0, never acknowledged. */
export async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  } catch {
    return { status: 0, headers: new Headers(), body: '' };
  }
}
