import { useId } from 'react';
import { type ClusterForm, clusterSecrets } from '../state/cluster-form';
import { useStore } from '../state/use-store';
import { CheckboxField } from './CheckboxField';
import { TextField } from './TextField';

interface ClusterFieldsProps {
  form: ClusterForm;
  disabled: boolean;
  onChange(patch: Partial<ClusterForm>): void;
}

interface SecretFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
}

/** A password-type input: the secret is never shown, and never stored (see cluster-form.ts). */
function SecretField({ label, value, onChange }: SecretFieldProps) {
  const id = useId();
  return (
    <div className="field short">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="password"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
    </div>
  );
}

/**
 * The Cluster (NATS) backend's settings: the server, credentials, and whether the workers see
 * the inputs at the same paths. Each machine that should help runs `xmlpool worker --nats URL`.
 */
export function ClusterFields({ form, disabled, onChange }: ClusterFieldsProps) {
  const secrets = useStore(clusterSecrets);
  return (
    <fieldset className="cluster-options" disabled={disabled}>
      <legend className="visually-hidden">Cluster (NATS) settings</legend>
      <TextField
        className="wide"
        label="NATS server"
        placeholder="nats://host:4222"
        hint="Workers join with: xmlpool worker --nats URL"
        value={form.servers}
        onChange={(servers) => onChange({ servers })}
      />
      <TextField
        className="short"
        label="User"
        placeholder="none"
        value={form.user}
        onChange={(user) => onChange({ user })}
      />
      <SecretField
        label="Password"
        value={secrets.password}
        onChange={(password) => clusterSecrets.set({ ...secrets, password })}
      />
      <SecretField
        label="Token"
        value={secrets.token}
        onChange={(token) => clusterSecrets.set({ ...secrets, token })}
      />
      <CheckboxField
        label="Shared file system (send paths, not bytes)"
        checked={form.sharedFs}
        onChange={(sharedFs) => onChange({ sharedFs })}
      />
    </fieldset>
  );
}
