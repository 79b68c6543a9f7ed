import pino from 'pino';

export type Logger = pino.Logger;

// One process-wide logger. Its level is set once from config by server.ts or a script (setLogLevel).
export const logger: Logger = pino({
  level: 'info',
  redact: ['req.headers.authorization', 'password', '*.password', 'req.headers.cookie'],
});

export function setLogLevel(level: string): void {
  logger.level = level;
}
