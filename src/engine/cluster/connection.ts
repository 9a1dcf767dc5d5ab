/**
 * Connecting to NATS, for a dispatcher and a worker alike. Credentials (user and password, token,
 * NKey seed, credentials file, TLS client key) go to the client and nowhere else: every message
 * that could carry one goes through `redact` before it is shown, and URLs lose their user info.
 */
import { readFile } from 'node:fs/promises';
import {
  connect,
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
  nkeyAuthenticator,
} from '@nats-io/transport-node';
import type { ClusterOptions } from '../../shared/tasks';

export type ClusterConnection = Pick<
  ClusterOptions,
  | 'servers'
  | 'user'
  | 'password'
  | 'token'
  | 'credsFile'
  | 'nkeyFile'
  | 'tlsCaFile'
  | 'tlsCertFile'
  | 'tlsKeyFile'
>;

/** A cluster problem, its message already free of secrets. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}

/** `nats://user:secret@host:4222` → `nats://host:4222`. */
export function withoutUserInfo(servers: string): string {
  return servers.replace(/\/\/[^@/,]*@/g, '//');
}

/** The secrets of a connection, as they could appear in a message. */
function secretsOf(connection: ClusterConnection): string[] {
  const inUrls = [...connection.servers.matchAll(/\/\/([^@/,]*)@/g)].flatMap((match) =>
    (match[1] ?? '').split(':'),
  );
  return [connection.password, connection.token, ...inUrls].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
}

/** Replaces every secret of the connection in `text`, and user info in URLs, with `***`. */
export function redact(text: string, connection: ClusterConnection): string {
  let clean = text.replace(/(\w+:\/\/)[^@/\s,]*@/g, '$1***@');
  for (const secret of secretsOf(connection)) clean = clean.replaceAll(secret, '***');
  return clean;
}

export function describeError(error: unknown, connection: ClusterConnection): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text, connection);
}

async function fileBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new ClusterError(`cannot read the ${what} ${path} (${code})`);
  }
}

async function authOptions(connection: ClusterConnection): Promise<Partial<NodeConnectionOptions>> {
  if (connection.credsFile !== null) {
    const creds = await fileBytes(connection.credsFile, 'NATS credentials file');
    return { authenticator: credsAuthenticator(creds) };
  }
  if (connection.nkeyFile !== null) {
    const text = new TextDecoder().decode(await fileBytes(connection.nkeyFile, 'NKey seed file'));
    const seed = new TextEncoder().encode(text.trim());
    return { authenticator: nkeyAuthenticator(seed) };
  }
  if (connection.token !== null) return { token: connection.token };
  if (connection.user !== null) return { user: connection.user, pass: connection.password ?? '' };
  return {};
}

function tlsOptions(connection: ClusterConnection): Partial<NodeConnectionOptions> {
  const files = {
    ...(connection.tlsCaFile ? { caFile: connection.tlsCaFile } : {}),
    ...(connection.tlsCertFile ? { certFile: connection.tlsCertFile } : {}),
    ...(connection.tlsKeyFile ? { keyFile: connection.tlsKeyFile } : {}),
  };
  return Object.keys(files).length > 0 ? { tls: files } : {};
}

/**
 * Connects, or throws a ClusterError that says why without any secret. Once connected the client
 * reconnects forever: a server restart must not end a job.
 */
export async function connectCluster(
  connection: ClusterConnection,
  name: string,
): Promise<NatsConnection> {
  const options: NodeConnectionOptions = {
    servers: connection.servers.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // A request (publish with ack, API call) waits this long before it is retried by the caller.
    timeout: 10_000,
    ...(await authOptions(connection)),
    ...tlsOptions(connection),
  };
  try {
    return await connect(options);
  } catch (error) {
    throw new ClusterError(
      `cannot connect to NATS at ${withoutUserInfo(connection.servers)}: ${describeError(error, connection)}`,
    );
  }
}
