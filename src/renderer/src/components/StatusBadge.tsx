interface StatusBadgeProps {
  status: string;
}

/** A fixed-width colored label; the color comes from `data-status` in CSS, the text says it too. */
export function StatusBadge({ status }: StatusBadgeProps) {
  return (
    <span className="badge" data-status={status}>
      {status}
    </span>
  );
}
