/**
 * Every property test runs the same cases on every run, so a failure in CI is a defect that
 * reproduces, never a roll of the dice. To explore other cases (do, before a release), set
 * XMLPOOL_FC_SEED to another integer, or to `random`; fast-check prints the seed of a failure.
 * A test that names its own seed keeps it.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_205;
const wanted = process.env.XMLPOOL_FC_SEED;
if (wanted !== 'random') {
  const seed = wanted === undefined || wanted === '' ? DEFAULT_SEED : Number(wanted);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`XMLPOOL_FC_SEED must be an integer or "random", not ${wanted}`);
  }
  fc.configureGlobal({ seed });
}
