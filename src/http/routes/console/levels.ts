import type { FastifyInstance } from 'fastify';
import { effectiveClassification } from '../../../domain/decision/rules.js';
import { levelsPage, type LevelRow } from '../../../presenters/console/levels-page.js';
import { ConsoleProblem, errorText } from './api.js';
import { HIDDEN, apiOf, sendPage, type ConsoleDeps } from './context.js';

interface LevelJson {
  id: string;
  name: string;
  color: string | null;
  status: string;
  guideline?: string | null;
}

export function registerLevelPages(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get('/levels', HIDDEN, async (request, reply) => {
    const api = apiOf(deps, request);
    const org = deps.services.index.snapshot().org(api.orgId);
    if (!org) throw new ConsoleProblem(404, 'This org is gone.');
    const { world, facts } = org;
    const cloudId =
      api.identity.kind === 'user' ? api.identity.cloudId : [...world.sites.keys()][0];
    if (cloudId === undefined) throw new ConsoleProblem(404, 'This org has no site.');
    const res = await api.confluence<LevelJson[]>(
      cloudId,
      'GET',
      '/wiki/api/v2/classification-levels',
    );
    if (res.status !== 200) throw new ConsoleProblem(502, errorText(res.body));
    const own = new Map<string, number>();
    const inherited = new Map<string, number>();
    for (const content of world.content.values()) {
      const level = effectiveClassification(facts, content);
      if (level === null) continue;
      const counts = content.classification === null ? inherited : own;
      counts.set(level, (counts.get(level) ?? 0) + 1);
    }
    const rows: LevelRow[] = res.body.map((l) => ({
      id: l.id,
      name: l.name,
      color: l.color,
      status: l.status,
      guideline: l.guideline ?? null,
      spaces: [...world.spaces.values()]
        .filter((s) => s.defaultClassification === l.id)
        .map((s) => ({ name: s.name, key: s.key })),
      own: own.get(l.id) ?? 0,
      inherited: inherited.get(l.id) ?? 0,
      orgDefault: world.defaultClassification === l.id,
    }));
    return sendPage(reply, request, {
      title: 'Classification levels',
      section: 'levels',
      body: levelsPage(rows),
    });
  });
}
