import { useId } from 'react';

interface WorkersSliderProps {
  value: number;
  max: number;
  disabled: boolean;
  onChange(workers: number): void;
}

/** 1..cores. During a run every change resizes the pool live (the caller does that). */
export function WorkersSlider({ value, max, disabled, onChange }: WorkersSliderProps) {
  const id = useId();
  return (
    <div className="workers-field">
      <label className="field-label" htmlFor={id}>
        Workers
      </label>
      <div className="slider-row">
        <input
          id={id}
          type="range"
          min={1}
          max={max}
          step={1}
          value={value}
          disabled={disabled}
          aria-valuetext={`${value} of ${max} workers`}
          onChange={(event) => onChange(Number(event.currentTarget.value))}
        />
        <output htmlFor={id} className="slider-value numeric" data-testid="workers-value">
          {value}
        </output>
        <span className="muted numeric">/ {max}</span>
      </div>
    </div>
  );
}
