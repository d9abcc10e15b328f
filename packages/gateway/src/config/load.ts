import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossChecks } from './checks.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { applyDefaults, assertSupported, validate, type Schema } from './schema-validator.js';
import type { GatewayConfig } from './types.js';

/** config/gateway.schema.json at the repository root: four levels up from src/config/ and dist/config/ alike. */
export function defaultSchemaPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../config/gateway.schema.json');
}

let cached: { file: string; schema: Schema } | null = null;

export function loadSchema(file = defaultSchemaPath()): Schema {
  if (cached?.file === file) return cached.schema;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Schema;
  assertSupported(schema);
  cached = { file, schema };
  return schema;
}

export interface LoadConfigOptions {
  /** Where passwordEnv is looked up. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  schemaPath?: string;
}

/**
 * Reads, validates and completes the configuration. Throws ConfigError (E_CONFIG) naming every
 * problem at once: schema errors first, then the rules across keys and the files and variables it
 * names. Relative paths in the file are taken from the file's own folder.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [{ pointer: '', value: undefined, why: code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code})`, fix: 'pass --config with the path of the gateway configuration (see config/gateway.example.json)' }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [{ pointer: '', value: undefined, why: `not valid JSON: ${(err as Error).message}`, fix: 'fix the JSON syntax (no comments or trailing commas)' }]);
  }
  return parseConfig(raw, file, options);
}

/** Validates an already parsed document (what `loadConfig` does after reading). */
export function parseConfig(raw: unknown, file: string, options: LoadConfigOptions = {}): GatewayConfig {
  const schema = loadSchema(options.schemaPath);
  const problems: ConfigProblem[] = validate(schema, raw);
  const config = applyDefaults(schema, schema, raw) as GatewayConfig;
  const baseDir = path.dirname(path.resolve(file));
  let more: ConfigProblem[] = [];
  try {
    more = crossChecks(config, options.env ?? process.env, baseDir);
  } catch {
    // The document is too malformed for the cross checks (e.g. devices is not a list): the schema's problems say why.
  }
  // Report each key once: a key the schema already faulted is not judged again by the cross checks.
  const faulted = problems.map((p) => p.pointer);
  const all = problems.concat(more.filter((m) => !faulted.some((f) => m.pointer === f || m.pointer.startsWith(`${f}/`))));
  if (all.length > 0) throw new ConfigError(file, all);
  return resolvePaths(config, baseDir);
}

function resolvePaths(c: GatewayConfig, baseDir: string): GatewayConfig {
  const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(baseDir, p));
  const tls = c.hub.tls && { ...c.hub.tls, caFile: abs(c.hub.tls.caFile)!, certFile: abs(c.hub.tls.certFile), keyFile: abs(c.hub.tls.keyFile) };
  return {
    ...c,
    hub: { ...c.hub, ...(tls ? { tls } : {}), ...(c.hub.passwordFile ? { passwordFile: abs(c.hub.passwordFile) } : {}) },
    store: { ...c.store, path: abs(c.store.path)! },
  };
}
