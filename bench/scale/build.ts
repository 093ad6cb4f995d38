import { importTenant } from '../../src/commands/import-tenant.js';
import { refreshStatistics } from '../../src/storage/repos/world.js';
import { openStorage, type StorageTarget } from '../../src/storage/storage.js';
import { addJira } from '../jira-world.js';
import { publishBenchPolicies } from '../policies.js';
import { elapsedMs } from '../timing.js';
import { QUICK_WORLD, generateWorld, worldOfPages } from '../world.js';
import { WorldIndex } from '../../src/index/world-index.js';

/**
 * Child process of the scale bench: generates the world at `--pages N` and imports it (with the
 * bench's published policies) into `--target` (JSON of a StorageTarget), then exits. Measuring is
 * done by a fresh process, so this one's memory counts for nothing.
 */
const args = process.argv.slice(2);
const arg = (name: string) => args[args.indexOf(name) + 1]!;
const pages = Number(arg('--pages'));
const target = JSON.parse(arg('--target')) as StorageTarget;
const started = process.hrtime.bigint();
const storage = await openStorage(target);
const size = worldOfPages(pages);
const world = generateWorld(size);
// Jira at the quick world's fixed size: the pages are what scale
addJira(world, QUICK_WORLD.issuesPerProject);
await importTenant(storage, world.tenant, `bench world of ${pages} pages`);
world.tenant = { orgs: [] };
const index = await WorldIndex.load(storage);
await publishBenchPolicies(storage, index, world);
await refreshStatistics(storage.db);
await storage.close();
process.stdout.write(`${JSON.stringify({ pages, buildMs: elapsedMs(started) })}\n`);
