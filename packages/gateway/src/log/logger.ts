import pino from 'pino';

type DestinationStream = pino.DestinationStream;
type Logger = pino.Logger;
type LevelWithSilent = pino.LevelWithSilent;

/**
 * Paths pino replaces with "[redacted]" before a line is written. Patient data is kept out of logs
 * by construction (HL7 PID arrives wrapped in `Sensitive`, messages are logged by id, never by
 * body); these paths are the second line of defence for a field logged by mistake: patient and HL7
 * person segments, message payloads and bodies, raw device bytes, and credentials.
 */
export const REDACT_PATHS: readonly string[] = [
  'patient', '*.patient', 'pid', '*.pid', 'PID', '*.PID', 'patientId', '*.patientId',
  'name', 'family', 'given', 'birthDate', 'dob', '*.birthDate', '*.dob',
  'payload', '*.payload', 'body', '*.body', 'raw', '*.raw', 'hl7', '*.hl7', 'segment', '*.segment',
  'password', '*.password', 'authorization', '*.authorization', 'token', '*.token',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Default stdout (systemd's journal takes it from there). */
  destination?: DestinationStream;
  /** Fields on every line, e.g. { site }. */
  base?: Record<string, unknown>;
}

export type GatewayLogger = Logger;

/** A pino JSON logger with the redaction paths above; ISO times so a technician can read the journal. */
export function createLogger(options: LoggerOptions = {}): GatewayLogger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid, ...options.base },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The process pid is useful and not a patient id; keep it out of the redaction by naming it apart.
      formatters: { bindings: (b) => ({ ...b, processId: b.pid, pid: undefined }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
