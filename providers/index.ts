import type { ProviderKind } from '../src/core/kind.ts';
import { callfireKind } from './callfire/index.ts';
import type { RunningSandbox } from './sandbox/server.ts';
import { verbaKind } from './verba/index.ts';

/** Every provider kind the gateway can front. Adding a kind means adding it here… */
export const PROVIDER_KINDS: readonly ProviderKind[] = [verbaKind, callfireKind];

/**
 * …and its sandbox here, by kind. Loaded only by sandbox mode (a Node start without
 * providers); nothing the Worker runs refers to this, so its bundle leaves them out.
 */
export const SANDBOXES: Readonly<
  Record<string, () => Promise<{ sandboxMode(): Promise<RunningSandbox> }>>
> = {
  verba: () => import('./verba/sandbox/index.ts'),
  callfire: () => import('./callfire/sandbox/index.ts'),
};

export const findKind = (kind: string) => PROVIDER_KINDS.find((k) => k.kind === kind);
