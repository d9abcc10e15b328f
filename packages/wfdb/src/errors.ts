/** Stable error codes: callers branch on these, never on message text. */
export type WfdbErrorCode =
  | 'E_WFDB_HEADER'
  | 'E_WFDB_FORMAT'
  | 'E_WFDB_TRUNCATED'
  | 'E_WFDB_CHECKSUM'
  | 'E_WFDB_ANNOTATION'
  | 'E_WFDB_NOT_FOUND';

export interface WfdbErrorContext {
  file: string;
  /** 1-based line in a header file. */
  line?: number;
  /** Byte position in a signal or annotation file where the problem was found. */
  byteOffset?: number;
  /** Signal number (0-based) for signal-level problems such as a checksum mismatch. */
  signal?: number;
}

/** Every error this package throws; `code`, `file` and `line`/`byteOffset` say what and where. */
export class WfdbError extends Error {
  readonly code: WfdbErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly byteOffset: number | undefined;
  readonly signal: number | undefined;

  constructor(code: WfdbErrorCode, message: string, context: WfdbErrorContext, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'WfdbError';
    this.code = code;
    this.file = context.file;
    this.line = context.line;
    this.byteOffset = context.byteOffset;
    this.signal = context.signal;
  }
}

export function isWfdbError(e: unknown, code?: WfdbErrorCode): e is WfdbError {
  return e instanceof WfdbError && (code === undefined || e.code === code);
}
