/**
 * The logging every adapter needs: a subset of pino's Logger, so the composition root can
 * pass a pino logger and a test can pass an array-backed fake.
 */
export interface Log {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLog: Log = { error() {}, warn() {}, info() {}, debug() {} };

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  obj: object;
  msg?: string;
}

/** A Log that keeps its lines in memory, for tests. */
export function memoryLog(): Log & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push(msg === undefined ? { level, obj } : { level, obj, msg });
    };
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
