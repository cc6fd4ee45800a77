/**
 * The part of the Workers runtime API that the Durable Objects here use. The runtime
 * provides the module; this only types it for tsc, which checks the project against Node.
 */
declare module 'cloudflare:workers' {
  export type SqlStorageValue = ArrayBuffer | string | number | null;
  export interface SqlStorageCursor<T> {
    toArray(): T[];
  }
  export interface SqlStorage {
    exec<T = Record<string, SqlStorageValue>>(
      query: string,
      ...bindings: unknown[]
    ): SqlStorageCursor<T>;
  }
  export interface DurableObjectStorage {
    readonly sql: SqlStorage;
    transactionSync<T>(fn: () => T): T;
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number): Promise<void>;
  }
  export interface DurableObjectState {
    readonly storage: DurableObjectStorage;
  }
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
