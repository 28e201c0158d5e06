/**
 * Python's logging module as the lab uses it: basicConfig(level=INFO) and the root logger,
 * whose default format "%(levelname)s:%(name)s:%(message)s" goes to standard error.
 */
export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

const LEVEL_NAME: Readonly<Record<number, string>> = {
  [DEBUG]: 'DEBUG', [INFO]: 'INFO', [WARNING]: 'WARNING', [ERROR]: 'ERROR', [CRITICAL]: 'CRITICAL',
};

export class Logger {
  /** logging's default root level is WARNING until basicConfig says otherwise */
  level = WARNING;
  /** "INFO:root:" and the like, by level, made once */
  private readonly prefixes = new Map<number, string>();
  // the last record, given again for the same message (a loop's fixed "sending back data"): one string, not one per call
  private lastLevel = -1;
  private lastMessage = '';
  private lastRecord = '';

  constructor(
    private readonly name: string,
    private readonly write: (line: string) => void,
  ) {}

  log(level: number, message: string): void {
    if (level < this.level) return;
    if (message === this.lastMessage && level === this.lastLevel) {
      this.write(this.lastRecord);
      return;
    }
    const record = this.prefix(level) + message;
    // the prefix has no newline; asked of the record, the check flattens the string the transcript keeps, once
    if (record.includes('\n')) {
      for (const line of record.split('\n')) this.write(line);
      return;
    }
    this.lastLevel = level;
    this.lastMessage = message;
    this.lastRecord = record;
    this.write(record);
  }

  private prefix(level: number): string {
    let p = this.prefixes.get(level);
    if (p === undefined) this.prefixes.set(level, (p = `${LEVEL_NAME[level] ?? `Level ${level}`}:${this.name}:`));
    return p;
  }

  debug(m: string): void { this.log(DEBUG, m); }
  info(m: string): void { this.log(INFO, m); }
  warning(m: string): void { this.log(WARNING, m); }
  error(m: string): void { this.log(ERROR, m); }
}

export interface LoggingModule {
  basicConfig(options: { level: number }): void;
  getLogger(): Logger;
  info(m: string): void;
  warning(m: string): void;
  error(m: string): void;
  debug(m: string): void;
  readonly DEBUG: number;
  readonly INFO: number;
  readonly WARNING: number;
  readonly ERROR: number;
}

export function makeLogging(stderr: (line: string) => void): LoggingModule {
  const root = new Logger('root', stderr);
  return {
    basicConfig: ({ level }) => { root.level = level; },
    getLogger: () => root,
    info: (m) => root.info(m),
    warning: (m) => root.warning(m),
    error: (m) => root.error(m),
    debug: (m) => root.debug(m),
    DEBUG, INFO, WARNING, ERROR,
  };
}
