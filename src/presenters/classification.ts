import type { ClassificationLevel } from '../domain/world.js';

type LevelStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
const STATUSES: readonly string[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

/** A level as Confluence v2 answers it: optional fields are left out when empty. */
export function presentLevel(level: ClassificationLevel) {
  return {
    id: level.id,
    status: (STATUSES.includes(level.status) ? level.status : 'DRAFT') as LevelStatus,
    order: level.rank,
    name: level.name,
    ...(level.description !== null ? { description: level.description } : {}),
    ...(level.guideline !== null ? { guideline: level.guideline } : {}),
    ...(level.color !== null ? { color: level.color } : {}),
  };
}
