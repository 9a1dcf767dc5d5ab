import { useId } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  placeholder?: string;
  hint?: string;
  disabled?: boolean;
  className?: string;
  /** 'password' hides what is typed (a secret). */
  type?: 'text' | 'password';
  onChange(value: string): void;
}

export function TextField({
  label,
  value,
  placeholder,
  hint,
  disabled = false,
  className,
  type = 'text',
  onChange,
}: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      {hint && (
        <span className="visually-hidden" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
