import type { FastifyBaseLogger } from 'fastify';

/** The messages the guards log; tests of the real process assert that neither ever appears. */
export const UNHANDLED_REJECTION = 'unhandled rejection (kept serving)';
export const UNCAUGHT_EXCEPTION = 'uncaught exception (kept serving)';

/**
 * The serving process only (`gatehouse serve`), never the tests or the library: an error no
 * handler caught is logged with its stack and the process keeps serving every other request
 * (F2). Every known source has its own handler — hooks, routes, pools, sockets — so a line with
 * one of these messages is a bug to report, not a state to live in.
 */
export function installProcessGuards(log: FastifyBaseLogger): () => void {
  const onRejection = (reason: unknown) => log.error({ err: reason }, UNHANDLED_REJECTION);
  const onException = (error: Error, origin: string) =>
    log.fatal({ err: error, origin }, UNCAUGHT_EXCEPTION);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
