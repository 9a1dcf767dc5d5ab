/**
 * The NATS connection options `xmlpool run --nats` and `xmlpool worker` share. Secrets never go
 * on the command line, where `ps` shows them to every user of the machine: a password or token
 * comes from the environment, an NKey seed or credentials file by its path.
 */
import { resolve } from 'node:path';
import type { ClusterConnection } from '../engine/cluster/connection';
import { DEFAULT_CLUSTER_OPTIONS } from '../shared/tasks';

export const NATS_CONNECTION_OPTIONS = {
  nats: { type: 'string' },
  'nats-creds': { type: 'string' },
  'nats-nkey': { type: 'string' },
  'nats-tls-ca': { type: 'string' },
  'nats-tls-cert': { type: 'string' },
  'nats-tls-key': { type: 'string' },
} as const;

/** The environment variables read for credentials. */
export const NATS_ENV = {
  user: 'XMLPOOL_NATS_USER',
  password: 'XMLPOOL_NATS_PASSWORD',
  token: 'XMLPOOL_NATS_TOKEN',
} as const;

export interface NatsConnectionValues {
  nats?: string;
  'nats-creds'?: string;
  'nats-nkey'?: string;
  'nats-tls-ca'?: string;
  'nats-tls-cert'?: string;
  'nats-tls-key'?: string;
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name];
  return value === undefined || value === '' ? null : value;
}

function pathOrNull(value: string | undefined): string | null {
  return value === undefined ? null : resolve(value);
}

export function natsConnectionOf(
  values: NatsConnectionValues,
  env: NodeJS.ProcessEnv,
): ClusterConnection {
  return {
    servers: values.nats ?? DEFAULT_CLUSTER_OPTIONS.servers,
    user: envValue(env, NATS_ENV.user),
    password: envValue(env, NATS_ENV.password),
    token: envValue(env, NATS_ENV.token),
    credsFile: pathOrNull(values['nats-creds']),
    nkeyFile: pathOrNull(values['nats-nkey']),
    tlsCaFile: pathOrNull(values['nats-tls-ca']),
    tlsCertFile: pathOrNull(values['nats-tls-cert']),
    tlsKeyFile: pathOrNull(values['nats-tls-key']),
  };
}

export const NATS_CONNECTION_USAGE = `NATS connection (the same for xmlpool run --nats and xmlpool worker):
  --nats URL[,URL...]   NATS server(s) with JetStream: nats://host:4222, tls://host:4222.
  --nats-creds FILE     A NATS credentials file (user JWT and NKey seed).
  --nats-nkey FILE      A file holding an NKey seed (SU...).
  --nats-tls-ca FILE    CA certificate to trust for TLS.
  --nats-tls-cert FILE  Client certificate, for servers that verify clients ...
  --nats-tls-key FILE   ... and its key.
  User and password, or a token, come from the environment, never the command line:
  XMLPOOL_NATS_USER, XMLPOOL_NATS_PASSWORD, XMLPOOL_NATS_TOKEN. They are never printed.
`;
