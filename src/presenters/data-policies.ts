import type { Space } from '../domain/world.js';

/** A space as `GET /wiki/api/v2/data-policies/spaces` lists it. */
export function presentDataPolicySpace(space: Space, anyContentBlocked: boolean) {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    dataPolicy: { anyContentBlocked },
    _links: { webui: `/spaces/${encodeURIComponent(space.key)}` },
  };
}
