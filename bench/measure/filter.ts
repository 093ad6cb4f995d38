import { decide } from '../../src/domain/decision/engine.js';
import { rootIds } from '../baselines/tree.js';
import { session } from '../../src/domain/decision/engine.js';
import { permittedContent } from '../../src/domain/decision/lists.js';
import type { Subject } from '../../src/domain/decision/types.js';
import { MinimalEvaluator } from '../baselines/minimal.js';
import { result, type Result } from '../results.js';
import type { BenchWorld, Log } from '../setup.js';
import { alternatingMedianMs } from '../timing.js';

/**
 * Filtering the big space for one user who may read it (list-resources' permittedContent) against
 * one point check per page of the space, and against the minimal evaluator's tree walk.
 */
export async function measureFilter(
  bench: BenchWorld,
  repeats: number,
  log: Log,
): Promise<Result[]> {
  const facts = bench.facts();
  const spaceId = bench.world.bigSpaceId;
  const minimal = new MinimalEvaluator(facts);
  const accountId = bench.world.accountIds.find(
    (id) => minimal.readableInSpace(id, spaceId).length > 0,
  );
  if (accountId === undefined) throw new Error('no user may read the big space');
  const subject: Subject = { type: 'user', accountId };
  const pageIds: string[] = [];
  const stack = rootIds(facts, spaceId);
  while (stack.length > 0) {
    const content = facts.content(stack.pop()!)!;
    pageIds.push(content.id);
    stack.push(...content.children);
  }
  const filtered = [...permittedContent(session(facts, subject), 'read', spaceId)].length;
  const expected = minimal.readableInSpace(accountId, spaceId).length;
  log(`filter: ${pageIds.length} pages in the space, ${filtered} readable (minimal: ${expected})`);

  const filter = () => {
    let n = 0;
    for (const content of permittedContent(session(facts, subject), 'read', spaceId))
      if (content) n++;
    return Promise.resolve(n);
  };
  // One independent check per page, as a client without a list call would send them.
  const checks = pageIds.map((id) => ({
    subject: { ...subject },
    action: 'read' as const,
    resource: { type: 'page' as const, id },
  }));
  const pointChecks = () => {
    let n = 0;
    for (const check of checks) if (decide(facts, check).decision === 'allow') n++;
    return Promise.resolve(n);
  };
  const minimalFilter = () => Promise.resolve(minimal.readableInSpace(accountId, spaceId).length);
  for (const warm of [filter, pointChecks, minimalFilter]) await warm();
  const [filterMs, checksMs, minimalMs] = (await alternatingMedianMs(
    [filter, pointChecks, minimalFilter],
    repeats,
  )) as [number, number, number];
  return [
    result(
      `filter a ${pageIds.length}-page space vs one check per page`,
      'ms',
      filterMs,
      checksMs,
      '≤ 0.5×',
      (r) => r <= 0.5,
    ),
    result(
      `filter a ${pageIds.length}-page space vs minimal filter`,
      'ms',
      filterMs,
      minimalMs,
      '≤ 6×',
      (r) => r <= 6,
    ),
    result(
      'filter disagreements with the minimal filter',
      'pages',
      Math.abs(filtered - expected),
      null,
      '0',
      (_r, v) => v === 0,
    ),
  ];
}
