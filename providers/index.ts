import type { ProviderKind } from '../src/core/kind.ts';
import { callfireKind } from './callfire/index.ts';
import { verbaKind } from './verba/index.ts';

/** Every provider kind the gateway can front. Adding a kind means adding it here. */
export const PROVIDER_KINDS: readonly ProviderKind[] = [verbaKind, callfireKind];

export const findKind = (kind: string) => PROVIDER_KINDS.find((k) => k.kind === kind);
