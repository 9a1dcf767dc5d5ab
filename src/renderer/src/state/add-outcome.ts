import type { AddInputsOutcome } from '../../../shared/api';
import { pluralize } from '../format';
import type { NoticeTone } from './notices';

/** The notice after adding inputs: what was added, what was skipped, what could not be read. */
export function describeAddOutcome(outcome: AddInputsOutcome): { tone: NoticeTone; text: string } {
  const parts: string[] = [];
  // "0 files added" is noise when something else explains what happened.
  if (outcome.added.length > 0 || (outcome.duplicates === 0 && outcome.problems.length === 0)) {
    parts.push(`${pluralize(outcome.added.length, 'file', 'files')} added`);
  }
  if (outcome.duplicates > 0) {
    parts.push(`${pluralize(outcome.duplicates, 'duplicate', 'duplicates')} ignored`);
  }
  const [firstProblem] = outcome.problems;
  if (firstProblem !== undefined) {
    const more = outcome.problems.length > 1 ? ` (+${outcome.problems.length - 1} more)` : '';
    parts.push(`could not read ${firstProblem}${more}`);
  }
  const tone: NoticeTone =
    outcome.problems.length > 0 ? 'warning' : outcome.duplicates > 0 ? 'info' : 'success';
  return { tone, text: parts.join(' · ') };
}
