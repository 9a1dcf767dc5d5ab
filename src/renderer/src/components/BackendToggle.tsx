import type { BackendChoice } from '../state/cluster-form';
import { RadioGroup } from './RadioGroup';

const BACKEND_OPTIONS: ReadonlyArray<{ value: BackendChoice; label: string }> = [
  { value: 'thread', label: 'Threads' },
  { value: 'process', label: 'Processes' },
  { value: 'cluster', label: 'Cluster (NATS)' },
];

interface BackendToggleProps {
  value: BackendChoice;
  disabled: boolean;
  onChange(backend: BackendChoice): void;
}

export function BackendToggle({ value, disabled, onChange }: BackendToggleProps) {
  return (
    <RadioGroup
      label="Backend"
      name="backend"
      value={value}
      options={BACKEND_OPTIONS}
      disabled={disabled}
      onChange={onChange}
    />
  );
}
