import type { Log } from './log.js';
import { isoShanghai } from './time.js';

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;
const LABEL = { debug: '调试', info: '信息', warn: '注意', error: '错误' } as const;

/**
 * A log for a person watching a terminal: one short line per event in Beijing time,
 * "09:00:00 注意 message key=value". Daemons (stderr not a terminal) get pino's JSON instead.
 */
export function prettyLog(out: NodeJS.WritableStream, level: string, clock: () => Date = () => new Date()): Log {
  const min = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
  const at =
    (lv: keyof typeof LEVELS) =>
    (obj: object, msg?: string): void => {
      if (LEVELS[lv] < min) return;
      const fields = Object.entries(obj)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const time = isoShanghai(clock()).slice(11, 19);
      out.write(`${time} ${LABEL[lv]} ${msg ?? ''}${fields ? ` (${fields})` : ''}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
