import type { Backend } from '../../../shared/tasks';
import { RadioGroup } from './RadioGroup';

const BACKEND_OPTIONS: ReadonlyArray<{ value: Backend; label: string }> = [
  { value: 'thread', label: 'Threads' },
  { value: 'process', label: 'Processes' },
];

interface BackendToggleProps {
  value: Backend;
  disabled: boolean;
  onChange(backend: Backend): void;
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
