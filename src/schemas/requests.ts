import { z } from '@hono/zod-openapi';
import { CALL_STATUSES, KEEP_TYPES } from '../../providers/provider.ts';

// Only characters that cannot change the meaning of a provider URL or path.
export const EXTENSION = /^[A-Za-z0-9+._@-]{1,128}$/;
export const REFERENCE = /^[A-Za-z0-9._:@{}-]{1,128}$/;

/** Status lists the providers document: one status, or a fallback pair tried in order. */
export const STATUS_LISTS = ['ongoing', 'next', 'last', 'ongoing,next', 'last,ongoing'] as const;

export const CallIdParam = z.object({
  id: z
    .string()
    .max(200)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'Gateway call id: `<instance>_<providerCallId>`.',
      example: 'verba_a8343631-9f35-4a3a-83f0-9e81592339fb',
    }),
});

export const InstanceParam = z.object({
  instance: z
    .string()
    .max(32)
    .openapi({
      param: { name: 'instance', in: 'path' },
      description: 'Provider instance name.',
      example: 'verba',
    }),
});

export const IncludeQuery = z.object({
  include: z
    .enum(['raw'])
    .optional()
    .openapi({ description: "`raw` adds the provider's own payload as `raw`." }),
});

const extension = z.string().regex(EXTENSION, 'must be a phone number, extension or SIP address');
const reference = z.string().regex(REFERENCE, 'must be letters, digits and . _ : @ { } -');

export const FindQuery = z.object({
  provider: z
    .string()
    .max(32)
    .openapi({ description: 'Provider instance to search.', example: 'verba' }),
  extension: extension
    .optional()
    .openapi({ description: 'A party of the call; with `status`.', example: '8856' }),
  status: z.enum(STATUS_LISTS).optional().openapi({
    description: 'Which call on `extension`: tried left to right.',
    example: 'ongoing,next',
  }),
  platformCallId: reference
    .optional()
    .openapi({ description: "The call's id on the phone platform.", example: '71627389' }),
  nativeId: reference
    .optional()
    .openapi({ description: "The recorder's native id of the call.", example: 'TRS26140192' }),
  meetingId: reference.optional().openapi({
    description: 'The conference or meeting the call belongs to.',
    example: 'WHBFM6DD',
  }),
  type: z.enum(KEEP_TYPES).optional().openapi({ description: 'Find controlled-recording calls.' }),
  include: IncludeQuery.shape.include,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .openapi({ description: 'Page size.' }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ description: '`nextCursor` of the previous page.' }),
});

const statusList = z
  .array(z.enum(CALL_STATUSES))
  .min(1)
  .max(2)
  .refine((list) => (STATUS_LISTS as readonly string[]).includes(list.join(',')), {
    message: `must be one of ${STATUS_LISTS.map((s) => `[${s}]`).join(', ')}`,
  })
  .openapi({ example: ['ongoing', 'next'] });

export const KeepBody = z
  .object({
    type: z
      .enum(KEEP_TYPES)
      .optional()
      .openapi({ description: 'What to mark instead of an on-demand recording.' }),
  })
  .strict()
  .openapi('KeepRequest');

export const KeepSelectorBody = z
  .object({
    extension: extension.openapi({ example: '8856' }),
    status: statusList,
    type: KeepBody.shape.type,
  })
  .strict()
  .openapi('KeepSelector');

export const DeleteSelectorBody = z
  .object({
    extension: extension.optional().openapi({ example: '8856' }),
    status: statusList.optional(),
    platformCallId: reference.optional(),
    nativeId: reference.optional(),
    meetingId: reference.optional(),
  })
  .strict()
  .openapi('DeleteSelector', {
    description:
      'Exactly one of: `extension` with `status`, `platformCallId`, `nativeId`, `meetingId`.',
  });
