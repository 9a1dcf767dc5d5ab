import type { ExportOutcome } from '../../../shared/api';

/** "Saved to /home/me/report.csv", "Downloaded report.csv", or null when the user cancelled. */
export function describeExportOutcome(outcome: ExportOutcome): string | null {
  switch (outcome.status) {
    case 'saved':
      return `Saved to ${outcome.path}`;
    case 'downloaded':
      return `Downloaded ${outcome.name}`;
    case 'cancelled':
      return null;
  }
}
