/**
 * Retrying NATS calls through the faults a cluster has: a server restarting (requests time out or
 * find no responders, JetStream answers 503 while it recovers), a reconnect. A job's streams
 * being gone is not such a fault: it means the job ended (or was cleaned up), and is final.
 */
import { JetStreamApiError } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** The job's stream, consumer or object is gone: nothing to retry. */
export class GoneError extends Error {
  override name = 'GoneError';
}

/** JetStream API codes that say a stream or consumer does not exist. */
const GONE_CODES = new Set([10059, 10014, 10037]);

function isGone(error: unknown): boolean {
  if (error instanceof GoneError) return true;
  if (error instanceof JetStreamApiError) return GONE_CODES.has(error.code);
  return false;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2000;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `operation` until it succeeds, backing off up to 2 s between tries. Gives up (throws the
 * last error) when the job is gone, the connection is closed for good, or `signal` aborts.
 */
export async function retrying<T>(
  nc: NatsConnection,
  operation: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let delay = FIRST_DELAY_MS;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (isGone(error) || nc.isClosed() || signal?.aborted) throw error;
    }
    await pause(delay, signal);
    delay = Math.min(MAX_DELAY_MS, delay * 2);
  }
}

export { isGone };
