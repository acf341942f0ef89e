import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a bench script in its own Node process (so its peak RSS is its own) and resolves with
 * the JSON object it prints on its last line of stdout.
 */
export function runChild<T>(scriptUrl: string, args: string[], label: string): Promise<T> {
  const script = fileURLToPath(scriptUrl);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: path.resolve(path.dirname(script), '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    proc.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as T);
      else reject(new Error(`${label}: exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}
