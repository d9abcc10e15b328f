/**
 * One error type for every device protocol. The message is built only from the protocol name, the
 * stable code, a reason written by us and the byte offset: never from the bytes received, because
 * those may carry patient data (HL7 PID) and errors end up in logs.
 */
export type DeviceErrorCode = 'E_FRAME' | 'E_CHECKSUM' | 'E_PARSE' | 'E_TOO_LONG';

export type DeviceProtocol = 'ad8232' | 'openview' | 'masimo' | 'mllp' | 'hl7';

export interface DeviceErrorContext {
  protocol: DeviceProtocol;
  /** Byte offset in the stream (or character offset in a line) where the problem starts. */
  offset?: number;
  /** Name of the field at fault, e.g. `SPO2`, `OBX-5`; never its value. */
  field?: string;
}

export class DeviceProtocolError extends Error {
  readonly code: DeviceErrorCode;
  readonly protocol: DeviceProtocol;
  readonly offset: number | undefined;
  readonly field: string | undefined;

  constructor(code: DeviceErrorCode, reason: string, context: DeviceErrorContext) {
    const where = context.offset === undefined ? '' : ` at offset ${context.offset}`;
    const field = context.field === undefined ? '' : ` (${context.field})`;
    super(`${context.protocol} ${code}${where}${field}: ${reason}`);
    this.name = 'DeviceProtocolError';
    this.code = code;
    this.protocol = context.protocol;
    this.offset = context.offset;
    this.field = context.field;
  }
}
