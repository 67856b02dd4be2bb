import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, name = "openbss"): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "password", "*.password"],
      remove: true,
    },
  });
}
