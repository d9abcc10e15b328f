import { GatewayError } from '../errors.js';

/** One thing wrong with the configuration: where, what was there, why it is wrong, what to write. */
export interface ConfigProblem {
  /** JSON pointer of the key ("" for the whole document), e.g. "/devices/0/baud". */
  pointer: string;
  /** The value found (undefined when the key is missing). Never a secret: secrets are not in the file. */
  value: unknown;
  why: string;
  /** What to write instead. */
  fix: string;
}

/** The configuration cannot be used; `problems` lists every error found, all at once. */
export class ConfigError extends GatewayError {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super('E_CONFIG', formatProblems(file, problems), { file, problems: problems.length });
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.pointer === '' ? '(top level)' : p.pointer;
  const found = p.value === undefined ? 'missing' : `${JSON.stringify(p.value)}`;
  return `${where}: ${p.why} (found ${found}); ${p.fix}`;
}

function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  const head = `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the configuration`;
  return [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n');
}
