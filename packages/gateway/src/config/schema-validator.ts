/**
 * A small JSON Schema (draft 2020-12) validator for the subset config/gateway.schema.json uses:
 * type, properties, required, additionalProperties (boolean), items, minItems, maxItems, enum,
 * const, minimum, maximum, exclusiveMinimum, minLength, pattern, $ref to "#/$defs/...", and the
 * annotation "x-fix" (what to write instead). It collects every error rather than stopping at the
 * first, because a technician fixing a file should see all its problems in one go. A keyword it
 * does not know throws at load: a schema edit cannot silently stop being enforced.
 * (ajv would do this too; ~150 lines of ours cost less than a dependency and give better messages.)
 */
import type { ConfigProblem } from './errors.js';

export interface Schema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, Schema>;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
  default?: unknown;
  'x-fix'?: string;
}

type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const KNOWN = new Set([
  '$schema', '$id', '$ref', '$defs', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'items',
  'minItems', 'maxItems', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'pattern', 'default', 'examples', 'x-fix',
]);

/** Throws if the schema uses a keyword this validator would ignore. */
export function assertSupported(schema: Schema, at = '#'): void {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema keyword "${key}" at ${at} is not supported by the config validator`);
  for (const [k, s] of Object.entries(schema.properties ?? {})) assertSupported(s, `${at}/properties/${k}`);
  for (const [k, s] of Object.entries(schema.$defs ?? {})) assertSupported(s, `${at}/$defs/${k}`);
  if (schema.items) assertSupported(schema.items, `${at}/items`);
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function resolveRef(root: Schema, s: Schema): Schema {
  let cur = s;
  for (let depth = 0; cur.$ref !== undefined; depth++) {
    const m = /^#\/\$defs\/([^/]+)$/.exec(cur.$ref);
    const target = m ? root.$defs?.[m[1]] : undefined;
    if (!target || depth > 16) throw new Error(`schema $ref ${cur.$ref} cannot be resolved`);
    const { $ref: _ref, ...rest } = cur;
    cur = { ...target, ...rest };
  }
  return cur;
}

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

function typeMatches(v: unknown, t: JsonType): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Every problem of `value` against `schema` (root is where $refs resolve). */
export function validate(root: Schema, value: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  walk(root, root, value, [], problems);
  return problems;
}

function walk(root: Schema, raw: Schema, v: unknown, path: (string | number)[], out: ConfigProblem[]): void {
  const s = resolveRef(root, raw);
  const at = pointerOf(path);
  const fix = s['x-fix'] ?? (s.description ? `see the schema: ${s.description}` : 'see config/gateway.schema.json');
  const add = (why: string): void => void out.push({ pointer: at, value: v, why, fix });
  if (s.const !== undefined && v !== s.const) return add(`must be ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.some((e) => e === v)) return add(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(v, t))) return add(`must be ${types.map((t) => (t === 'integer' ? 'an integer' : `a ${t}`)).join(' or ')}, not ${describeType(v)}`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) add(`must be >= ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) add(`must be <= ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) add(`must be > ${s.exclusiveMinimum}`);
  }
  if (typeof v === 'string') {
    if (s.minLength !== undefined && v.length < s.minLength) add(s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) add(`does not have the expected form`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) add(`must have at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
    if (s.maxItems !== undefined && v.length > s.maxItems) add(`must have at most ${s.maxItems} items`);
    if (s.items) v.forEach((item, i) => walk(root, s.items!, item, [...path, i], out));
  }
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    for (const key of s.required ?? []) {
      if (!(key in obj)) {
        const child = s.properties?.[key] ? resolveRef(root, s.properties[key]) : {};
        out.push({ pointer: pointerOf([...path, key]), value: undefined, why: 'is required', fix: child['x-fix'] ?? 'add it' });
      }
    }
    for (const [key, child] of Object.entries(obj)) {
      const sub = s.properties?.[key];
      if (sub) walk(root, sub, child, [...path, key], out);
      else if (s.additionalProperties === false) {
        // A misplaced secret must not be echoed into logs and terminals by its own error message.
        const value = SECRET_KEY.test(key) ? '[redacted]' : child;
        out.push({ pointer: pointerOf([...path, key]), value, why: 'is not a known key here', fix: unknownKeyFix(key, Object.keys(s.properties ?? {})) });
      }
    }
  }
}

const SECRET_KEY = /pass(word)?|secret|token|key$/i;

function describeType(v: unknown): string {
  const t = typeOf(v);
  return t === 'integer' ? 'a number' : t === 'null' ? 'null' : t === 'array' ? 'a list' : t === 'object' ? 'an object' : `a ${t}`;
}

/** Suggests the nearest known key (a typo) or says where secrets go. */
function unknownKeyFix(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const near = best !== null && bestD <= Math.max(2, Math.floor(key.length / 3));
  if (!near && SECRET_KEY.test(key)) return 'secrets do not go in the file: use hub.passwordFile (a file) or hub.passwordEnv (an environment variable name)';
  const hint = near ? `did you mean "${best}"? ` : '';
  return `${hint}remove it, or use one of: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Fills in `default` values wherever the schema gives one and the value leaves the key out. */
export function applyDefaults(root: Schema, raw: Schema, v: unknown): unknown {
  const s = resolveRef(root, raw);
  if (Array.isArray(v) && s.items) return v.map((item) => applyDefaults(root, s.items!, item));
  if (typeOf(v) !== 'object' || !s.properties) return v;
  const obj = { ...(v as Record<string, unknown>) };
  for (const [key, sub] of Object.entries(s.properties)) {
    const child = resolveRef(root, sub);
    if (!(key in obj) && child.default !== undefined) obj[key] = structuredClone(child.default);
    if (key in obj) obj[key] = applyDefaults(root, sub, obj[key]);
  }
  return obj;
}
