/**
 * A job that cannot start as asked: bad options, an output folder that could overwrite inputs,
 * no temp folder. The CLI maps it to exit code 2; nothing has been processed when it is thrown.
 */
export class JobSetupError extends Error {
  override name = 'JobSetupError';
}
