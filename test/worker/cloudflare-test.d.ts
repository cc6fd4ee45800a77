/**
 * The part of `cloudflare:test` (provided by the Workers Vitest pool inside workerd) that
 * the Durable Object tests use, typed for tsc, which checks the project against Node.
 */
declare module 'cloudflare:test' {
  import type { DurableObjectState } from 'cloudflare:workers';

  export interface DurableObjectId {
    toString(): string;
  }
  export type DurableObjectStub = object;
  export interface DurableObjectNamespace {
    getByName(name: string): DurableObjectStub;
    idFromName(name: string): DurableObjectId;
  }
  export const env: Record<string, unknown>;
  export function runInDurableObject<R>(
    stub: DurableObjectStub,
    callback: (instance: unknown, state: DurableObjectState) => R | Promise<R>,
  ): Promise<R>;
  export function runDurableObjectAlarm(stub: DurableObjectStub): Promise<boolean>;
  export function evictDurableObject(stub: DurableObjectStub): Promise<void>;
  export function listDurableObjectIds(
    namespace: DurableObjectNamespace,
  ): Promise<DurableObjectId[]>;
}
