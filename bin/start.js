#!/usr/bin/env node
// `npm start [-- FLAGS]`: `gatehouse serve FLAGS`, but first, before any build work, refuse a port
// that is already in use, then compile only when dist/ is older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The value of `--name V` or `--name=V` among the flags, if given. */
function flag(name) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return undefined;
}

/** True when something already listens on the port (any other failure is left to serve). */
function portInUse(port, host) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** The newest modification time under a folder (or of a file). */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/** dist/ is up to date when the build's record is newer than every source and config file. */
function distIsFresh() {
  const record = join(root, 'dist', 'tsconfig.build.tsbuildinfo');
  if (!existsSync(record) || !existsSync(join(root, 'dist', 'src', 'main.js'))) return false;
  const inputs = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
  return statSync(record).mtimeMs >= Math.max(...inputs.map((p) => newest(join(root, p))));
}

const port = Number(flag('--port') ?? process.env.PORT ?? 8080);
const host = flag('--host') ?? process.env.HOST ?? '0.0.0.0';
if (Number.isInteger(port) && port > 0 && port < 65536 && (await portInUse(port, host))) {
  process.stderr.write(
    `gatehouse: port ${port} is already in use; start on another port with PORT=8081 npm start, or npm start -- --port 8081\n`,
  );
  process.exit(1);
}

if (!distIsFresh()) {
  process.stdout.write('Compiling (dist/ is older than src/)…\n');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '--build', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { main } = await import('../dist/src/main.js');
main(['serve', ...args]).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
