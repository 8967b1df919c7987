import type { TestProject } from 'vitest/node';
import { PostgresCluster } from '../helpers/postgres-cluster';

/**
 * The `postgres` project's cluster: one private server for the run (test/helpers/postgres-cluster.ts),
 * a fresh database per archive a test makes (vault-fixture.ts), stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await PostgresCluster.start();
  project.provide('pgCluster', JSON.stringify(cluster.address));
  return () => cluster.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgCluster: string;
  }
}
