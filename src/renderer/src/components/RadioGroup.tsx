import { useId } from 'react';

interface RadioOption<T extends string> {
  value: T;
  label: string;
}

interface RadioGroupProps<T extends string> {
  label: string;
  name: string;
  value: T;
  options: ReadonlyArray<RadioOption<T>>;
  disabled?: boolean;
  onChange(value: T): void;
}

/** Native radios (arrow keys, form semantics) laid out as a segmented control. */
export function RadioGroup<T extends string>({
  label,
  name,
  value,
  options,
  disabled = false,
  onChange,
}: RadioGroupProps<T>) {
  const labelId = useId();
  return (
    <div className="field">
      <span className="field-label" id={labelId}>
        {label}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {options.map((option) => (
          <label key={option.value} className="segment">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={disabled}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
