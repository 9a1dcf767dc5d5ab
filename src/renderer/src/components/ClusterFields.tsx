import { type ClusterForm, clusterSecrets } from '../state/cluster-form';
import { useStore } from '../state/use-store';
import { CheckboxField } from './CheckboxField';
import { TextField } from './TextField';

interface ClusterFieldsProps {
  form: ClusterForm;
  disabled: boolean;
  onChange(patch: Partial<ClusterForm>): void;
}

/**
 * The Cluster (NATS) backend's settings: the server, credentials, and whether the workers see
 * the inputs at the same paths. The password and token are password inputs, kept in memory only
 * (cluster-form.ts). Each machine that should help runs `xmlpool worker --nats URL`.
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
      <TextField
        className="short"
        type="password"
        label="Password"
        value={secrets.password}
        onChange={(password) => clusterSecrets.set({ ...secrets, password })}
      />
      <TextField
        className="short"
        type="password"
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
