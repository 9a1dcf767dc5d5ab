/**
 * A clean install prints no warning: every package the lockfile installs accepts the oldest Node
 * that package.json declares (npm warns EBADENGINE otherwise), and every package with an install
 * script has been reviewed (npm 11 warns of those not in `allowScripts`). Optional packages are
 * left out: npm skips one whose engines do not match (Electron on Node 20) without a warning.
 */
import { readFileSync } from 'node:fs';
import { minVersion, satisfies } from 'semver';
import { describe, expect, it } from 'vitest';

interface LockEntry {
  version?: string;
  optional?: boolean;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}

interface PackageJson {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
}

const packageJson: PackageJson = JSON.parse(readFileSync('package.json', 'utf8'));
const lock: { packages: Record<string, LockEntry> } = JSON.parse(
  readFileSync('package-lock.json', 'utf8'),
);
const installed = Object.entries(lock.packages).filter(
  ([path, entry]) => path !== '' && entry.optional !== true,
);
const NODE_MODULES = 'node_modules/';
/** A lockfile path's package name: what follows its last node_modules/. */
const nameOf = (path: string) => path.slice(path.lastIndexOf(NODE_MODULES) + NODE_MODULES.length);

describe('a clean install', () => {
  it('installs only packages that run on the oldest Node declared', () => {
    const oldest = minVersion(packageJson.engines.node);
    expect(oldest?.version).toBeDefined();
    const refusing = installed
      .map(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return { name: `${nameOf(path)}@${entry.version}`, range };
      })
      .filter(({ range }) => range !== undefined && !satisfies(oldest ?? '0.0.0', range));
    expect(refusing).toEqual([]);
  });

  it('has reviewed every install script (allowScripts)', () => {
    const reviewed = packageJson.allowScripts ?? {};
    const unreviewed = installed
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([path]) => nameOf(path))
      .filter((name) => !(name in reviewed));
    expect(unreviewed).toEqual([]);
  });
});
