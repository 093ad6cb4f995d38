import type { TestProject } from 'vitest/node';
import { testDialects } from './support/dialects.js';
import { startPostgresCluster } from './support/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's URL; empty when GATEHOUSE_TEST_DIALECTS leaves postgres out. */
    postgresUrl: string;
  }
}

/**
 * One throwaway PostgreSQL cluster per test run; each test file makes its own databases on it.
 * None when `GATEHOUSE_TEST_DIALECTS` names only sqlite (no PostgreSQL binaries needed then).
 */
export default async function setup(
  project: Pick<TestProject, 'provide'>,
  env: NodeJS.ProcessEnv = process.env,
) {
  if (!testDialects(env.GATEHOUSE_TEST_DIALECTS).includes('postgres')) {
    project.provide('postgresUrl', '');
    return async () => {};
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
  };
}
