import type { InputStatus } from '../../../shared/api';
import type { FileResult } from '../../../shared/results';

/**
 * How a result is shown. The engine reports the files a cancel stopped or never reached as
 * failed with an error of kind `cancelled`; to the user they were not run, which is not the
 * same as broken, so they get their own status, count and badge, and "Failed only" leaves them
 * out.
 */
export type ResultStatus = 'ok' | 'failed' | 'cancelled';

/** An input row's status: its listed one, or its result's. */
export type InputRowStatus = InputStatus | 'cancelled';

export function resultStatus(result: Pick<FileResult, 'ok' | 'errors'>): ResultStatus {
  if (result.ok) return 'ok';
  return result.errors[0]?.kind === 'cancelled' ? 'cancelled' : 'failed';
}
