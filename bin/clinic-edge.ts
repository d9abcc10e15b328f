#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../bench/lib/paths.js';
import { analyzeCommand } from './commands/analyze.js';
import { benchCommand } from './commands/bench.js';
import { configCommand } from './commands/config-check.js';
import { demoCommand } from './commands/demo.js';
import { detectCommand } from './commands/detect.js';
import { monitorCommand } from './commands/monitor.js';
import { portsCommand } from './commands/ports.js';
import { probeCommand } from './commands/probe.js';
import { queueCommand } from './commands/queue.js';
import { runCommand } from './commands/run.js';
import { simCommand } from './commands/sim.js';
import { statusCommand } from './commands/status.js';
import { EXIT_BAD_INPUT, reportAndExit } from './lib/errors.js';

/** Thin dispatcher: each subcommand lives in ./commands/<name>.ts. */
export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  const program = new Command('clinic-edge')
    .description('clinic-edge: the ECG gateway daemon, its diagnostics, simulators, record analysis and benchmarks')
    .version(version)
    .showHelpAfterError()
    .addCommand(demoCommand())
    .addCommand(detectCommand())
    .addCommand(analyzeCommand())
    .addCommand(benchCommand())
    .addCommand(runCommand())
    .addCommand(queueCommand())
    .addCommand(simCommand())
    .addCommand(configCommand())
    .addCommand(statusCommand())
    .addCommand(portsCommand())
    .addCommand(probeCommand())
    .addCommand(monitorCommand());
  throwInsteadOfExit(program);
  return program;
}

/** commander exits with 1 on a usage error; we want 2 (bad input) there, so catch its errors. */
function throwInsteadOfExit(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) throwInsteadOfExit(sub);
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  // commander has already printed its message (or the help text).
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_INPUT);
  reportAndExit(err);
}
