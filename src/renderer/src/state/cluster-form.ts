/**
 * The Cluster (NATS) backend's settings in the job controls. The server URL, user name and
 * shared-file-system choice are remembered with the rest of the form; the password and token are
 * not: they live in this module's memory only, for as long as the page is open, and are never
 * written to localStorage (or anywhere else) by the UI. A user types them again after a reload.
 */
import {
  BACKENDS,
  type Backend,
  type ClusterOptions,
  DEFAULT_CLUSTER_OPTIONS,
} from '../../../shared/tasks';
import { ValueStore } from './value-store';

/** Threads, Processes, or remote workers through NATS. */
export type BackendChoice = Backend | 'cluster';

export function isBackendChoice(value: unknown): value is BackendChoice {
  return value === 'cluster' || BACKENDS.some((backend) => backend === value);
}

export interface ClusterForm {
  servers: string;
  user: string;
  sharedFs: boolean;
}

export const INITIAL_CLUSTER_FORM: ClusterForm = {
  servers: DEFAULT_CLUSTER_OPTIONS.servers,
  user: '',
  sharedFs: false,
};

export interface ClusterSecrets {
  password: string;
  token: string;
}

/** In memory only (see the file comment). */
export const clusterSecrets = new ValueStore<ClusterSecrets>({ password: '', token: '' });

function orNull(text: string): string | null {
  return text.trim() === '' ? null : text;
}

export function toClusterOptions(form: ClusterForm, secrets: ClusterSecrets): ClusterOptions {
  return {
    ...DEFAULT_CLUSTER_OPTIONS,
    servers: form.servers.trim(),
    sharedFs: form.sharedFs,
    user: orNull(form.user),
    password: orNull(secrets.password),
    token: orNull(secrets.token),
  };
}

/** The stored cluster settings, field by field, defaults where anything is off. */
export function parseStoredClusterForm(value: unknown): ClusterForm {
  if (typeof value !== 'object' || value === null) return INITIAL_CLUSTER_FORM;
  const text = (field: unknown, fallback: string): string =>
    typeof field === 'string' && field.length <= 4096 ? field : fallback;
  const fields = value as Record<string, unknown>;
  return {
    servers: text(fields.servers, INITIAL_CLUSTER_FORM.servers),
    user: text(fields.user, INITIAL_CLUSTER_FORM.user),
    sharedFs: typeof fields.sharedFs === 'boolean' ? fields.sharedFs : false,
  };
}
