import { fraction } from '../format';

interface ProgressBarProps {
  /** 0..1 */
  value: number;
  label: string;
  className?: string;
}

/** A bar whose fill is scaled, not resized, so a 10 Hz update never triggers layout. */
export function ProgressBar({ value, label, className }: ProgressBarProps) {
  const clamped = fraction(value, 1);
  return (
    <div
      className={className ? `progress ${className}` : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped * 100)}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  );
}
