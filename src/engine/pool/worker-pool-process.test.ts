/** The pool with real process workers: see worker-pool-behaviour.ts. */
import { setUpPoolTests } from './pool-test-support';
import { describeWorkerPool } from './worker-pool-behaviour';

setUpPoolTests();
describeWorkerPool('process');
