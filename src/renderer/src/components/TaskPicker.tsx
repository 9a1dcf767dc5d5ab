import type { TaskName } from '../../../shared/tasks';
import { RadioGroup } from './RadioGroup';

const TASKS: ReadonlyArray<{ value: TaskName; label: string }> = [
  { value: 'validate', label: 'Validate' },
  { value: 'stats', label: 'Stats' },
  { value: 'convert', label: 'Convert' },
  { value: 'extract', label: 'Extract' },
];

interface TaskPickerProps {
  value: TaskName;
  disabled: boolean;
  onChange(task: TaskName): void;
}

export function TaskPicker({ value, disabled, onChange }: TaskPickerProps) {
  return (
    <RadioGroup
      label="Task"
      name="task"
      value={value}
      options={TASKS}
      disabled={disabled}
      onChange={onChange}
    />
  );
}
