/**
 * The logging surface the core uses. pino's Logger satisfies it on Node; the Worker uses
 * src/worker/console-logger.ts. Callers pass structured fields first, a short message second.
 */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): Logger;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A child logger made when it first writes: most requests write one line, through their
 * parent with the same fields, and so never pay for a child of their own.
 */
export function lazyChild(parent: Logger, bindings: object): Logger {
  return new LazyChild(parent, bindings);
}

class LazyChild implements Logger {
  #made: Logger | undefined;
  readonly #parent: Logger;
  readonly #bindings: object;

  constructor(parent: Logger, bindings: object) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #child(): Logger {
    this.#made ??= this.#parent.child(this.#bindings);
    return this.#made;
  }

  debug(fields: object, message?: string): void {
    if (message === undefined) this.#child().debug(fields);
    else this.#child().debug(fields, message);
  }

  info(fields: object, message?: string): void {
    if (message === undefined) this.#child().info(fields);
    else this.#child().info(fields, message);
  }

  warn(fields: object, message?: string): void {
    if (message === undefined) this.#child().warn(fields);
    else this.#child().warn(fields, message);
  }

  error(fields: object, message?: string): void {
    if (message === undefined) this.#child().error(fields);
    else this.#child().error(fields, message);
  }

  child(bindings: object): Logger {
    return this.#child().child(bindings);
  }
}
