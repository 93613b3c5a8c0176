// Small process helpers for scripts/check-package.mjs: every step fails with a CheckError whose
// message says what broke, and prints what the failing command wrote.
import { spawn } from 'node:child_process';

/** A failed check: `step` names it, `message` explains it. */
export class CheckError extends Error {
  constructor(step, message) {
    super(`${step}: ${message}`);
    this.name = 'CheckError';
  }
}

/**
 * Runs a command without a shell and collects its output.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string | undefined>, timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, ms: number }>}
 */
export function run(command, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    const timer = setTimeout(() => {
      stderr += `\n[check-package] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/**
 * Runs a command and throws a CheckError (with its output) unless it exits 0.
 * @returns the same as `run`
 */
export async function runOrFail(step, command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new CheckError(
      step,
      `\`${[command, ...args].join(' ')}\` exited ${result.code ?? result.signal}\n${indent(result.stdout + result.stderr)}`,
    );
  }
  return result;
}

/** Indents every line of `text` by four spaces, for output nested under a step. */
export function indent(text) {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Runs `tasks` (functions returning promises) with at most `limit` at a time. */
export async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]().then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Seconds with one decimal, for the timing lines. */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
