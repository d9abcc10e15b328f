import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';
import type { Message } from './types.js';

const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node 20 cannot run TypeScript, so the child runs a plain transpile of the gateway sources (no
 * build step, no stale dist/). better-sqlite3 is imported by absolute URL from the temp directory.
 */
function transpileGateway(outDir: string): string {
  const sqlite = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
    );
  for (const file of [join(srcRoot, 'errors.ts'), ...walk(join(srcRoot, 'store'))]) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText.replace(/from 'better-sqlite3'/g, `from '${sqlite}'`);
    const out = join(outDir, relative(srcRoot, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, js);
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }');
  return join(outDir, 'store', 'testing', 'crash-child.js');
}

/** Runs the child until it has reported `reports` commits, then SIGKILLs it; returns the reported ids. */
async function runAndKill(child: string, path: string, mode: string, reports: number): Promise<string[]> {
  const proc = spawn(process.execPath, [child, path, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  proc.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    if (lines.length >= reports) proc.kill('SIGKILL');
  });
  const signal = await exited;
  expect(stderr).toBe('');
  expect(signal).toBe('SIGKILL');
  return lines.flatMap((l) => l.split(' '));
}

function drain(box: Outbox): Message[] {
  const all: Message[] = [];
  for (let batch = box.nextBatch(5000, Infinity); batch.length > 0; batch = box.nextBatch(5000, Infinity)) {
    all.push(...batch);
    box.ack(batch.map((m) => m.id));
  }
  return all;
}

describe('outbox after SIGKILL mid-stream', () => {
  let dir: string;
  let child: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
    child = transpileGateway(join(dir, 'build'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['enqueue', 'enqueuer'])('keeps every message whose %s had returned, with gapless sequences', async (mode) => {
    const path = join(dir, `${mode}.db`);
    const reported = await runAndKill(child, path, mode, 300);
    expect(reported.length).toBeGreaterThanOrEqual(300);

    const box = new Outbox({ path });
    const stored = drain(box);
    const byId = new Map(stored.map((m) => [m.id, m]));
    expect(reported.filter((id) => !byId.has(id))).toEqual([]);

    const maxSeq = new Map<string, number>();
    for (const m of stored) {
      // The child's own per-stream count, written in the payload, must equal the store's seq.
      expect(new DataView(m.payload.buffer, m.payload.byteOffset).getUint32(0, true)).toBe(m.seq);
      const key = `${m.device}/${m.stream}`;
      expect(m.seq).toBe((maxSeq.get(key) ?? 0) + 1);
      maxSeq.set(key, m.seq);
    }
    const [key, last] = [...maxSeq][0]!;
    const [device, stream] = key.split('/') as [string, Message['stream']];
    const fresh = box.enqueue([{ site: 'van1', device, stream, topic: 't', payload: new Uint8Array(1) }]);
    expect(fresh[0]!.seq).toBe(last + 1);
    box.close();
  });
});
