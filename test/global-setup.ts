/**
 * Builds the CLI and the pool's worker script once before the unit tests, so tests that start
 * real workers run the same JavaScript that ships.
 */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'warn' });
}
