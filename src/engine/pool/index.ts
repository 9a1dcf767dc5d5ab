/** The worker pool: see worker-pool.ts. */
export { forkProcess } from './fork-spawner';
export type { ProcessSpawner, SpawnOptions, WorkerChannel } from './spawner';
export type {
  AttemptEnd,
  FaultKind,
  PoolObserver,
  PoolOptions,
  TaskAttempt,
  UnitOutcome,
  UnitPool,
} from './types';
export { WorkerPool } from './worker-pool';
