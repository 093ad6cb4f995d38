import type { FastifyInstance } from 'fastify';

/**
 * Which of Gatehouse's APIs this build serves that the console builds on but that came with a
 * later issue (rehearsal, suggestions and the audit log): a page whose API is missing says so
 * instead of showing anything made up.
 */
export interface ConsoleFeatures {
  rehearsal: boolean;
  suggestions: boolean;
  auditLog: boolean;
}

export function consoleFeatures(root: FastifyInstance): ConsoleFeatures {
  const rehearsal = root.hasRoute({ method: 'POST', url: '/gatehouse/v1/orgs/:orgId/rehearse' });
  return {
    rehearsal,
    // suggestions (`suggest: true` on check) came with rehearsal, in the same issue
    suggestions: rehearsal,
    auditLog: root.hasRoute({ method: 'GET', url: '/admin/v1/orgs/:orgId/events' }),
  };
}
