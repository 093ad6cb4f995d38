import { createReadStream, statSync } from 'node:fs';
import { canonicalJson, TenantDigest } from '../../src/tenant/page-records.js';
import { readTenantStream } from '../../src/tenant/stream-read.js';

/**
 * Child of the round-trip bench: reads two exports as streams (they may be far longer than a
 * string can be) and prints whether the second is the first plus each org's own import event
 * (T16: every load adds one `tenant_imported` event, last): the pages digested, the rest compared.
 */
interface Org {
  id: string;
  events?: { action?: string }[];
}

async function read(path: string) {
  const digest = new TenantDigest();
  let pages = 0;
  const skeleton = (await readTenantStream(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    path,
    {
      skeleton: true,
      onPage(record) {
        digest.page(record);
        pages++;
      },
    },
  )) as { orgs: Org[] };
  return { skeleton, pages, digest: digest.skeleton({}).hex(), bytes: statSync(path).size };
}

const [firstPath, secondPath] = process.argv.slice(2) as [string, string];
const first = await read(firstPath);
const second = await read(secondPath);
const added = second.skeleton.orgs.map((org) => org.events?.at(-1)?.action);
for (const org of second.skeleton.orgs) org.events?.pop();
const same =
  first.digest === second.digest &&
  canonicalJson(first.skeleton) === canonicalJson(second.skeleton) &&
  added.every((action) => action === 'tenant_imported');
process.stdout.write(
  `${JSON.stringify({ same, pages: [first.pages, second.pages], bytes: [first.bytes, second.bytes] })}\n`,
);
