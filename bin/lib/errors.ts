import { WfdbError } from '@clinic-edge/wfdb';

/** Exit statuses: 2 = the input (record, option) is wrong; 1 = anything else. */
export const EXIT_BAD_INPUT = 2;
export const EXIT_FAILURE = 1;

/** An error whose message is meant for the user as is; no stack trace is printed. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_BAD_INPUT) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** One line for the user: what went wrong and where, never a stack (unless CLINIC_EDGE_DEBUG is set). */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof WfdbError) return { message: describeWfdbError(err), exitCode: EXIT_BAD_INPUT };
  const message = err instanceof Error ? err.message : String(err);
  return { message, exitCode: EXIT_FAILURE };
}

function describeWfdbError(err: WfdbError): string {
  // The package's messages usually name the file and the place already; add them where not.
  if (err.message.includes(err.file)) return err.message;
  const where = [
    err.line !== undefined ? `line ${err.line}` : '',
    err.byteOffset !== undefined ? `byte ${err.byteOffset}` : '',
    err.signal !== undefined ? `signal ${err.signal}` : '',
  ].filter(Boolean);
  return `${err.file}${where.length ? ` (${where.join(', ')})` : ''}: ${err.message}`;
}

export function reportAndExit(err: unknown): never {
  const { message, exitCode } = describeError(err);
  process.stderr.write(`clinic-edge: ${message}\n`);
  if (process.env.CLINIC_EDGE_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(exitCode);
}
