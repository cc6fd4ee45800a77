import { z } from '@hono/zod-openapi';
import { CALL_OUTCOMES, CALL_STATES } from '../core/call.ts';
import { CALL_STATUSES, KEEP_TYPES } from '../core/provider.ts';

// Only characters that cannot change the meaning of a provider URL or path.
export const EXTENSION = /^[A-Za-z0-9+._@-]{1,128}$/;
export const REFERENCE = /^[A-Za-z0-9._:@{}-]{1,128}$/;

/** Status lists the providers document: one status, or a fallback pair tried in order. */
export const STATUS_LISTS = ['ongoing', 'next', 'last', 'ongoing,next', 'last,ongoing'] as const;

/** `<instance>_<providerCallId>`: instance names are lower-case letters, digits and `-`. */
export const CALL_ID = /^[a-z][a-z0-9-]*_.+$/;

export const CallIdParam = z.object({
  id: z
    .string()
    .max(200)
    .regex(CALL_ID, 'must be <instance>_<providerCallId>')
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

/** A read's cache directives (RFC 9111), which src/cache/cache-status.ts interprets. */
export const CacheControlHeaders = z.object({
  'if-none-match': z
    .string()
    .max(1024)
    .optional()
    .openapi({
      param: { name: 'if-none-match', in: 'header' },
      description:
        'The `ETag` of an earlier answer (or `*`): while the call is unchanged the answer is a 304 with no body.',
      example: '"3f2a9c1e7b6d"',
    }),
  'cache-control': z
    .string()
    .max(1024)
    .optional()
    .openapi({
      param: { name: 'cache-control', in: 'header' },
      description:
        '`no-cache` (or `max-age=0`) reads the call from the provider again, whatever the gateway keeps, and keeps the new answer; `max-age=<seconds>` accepts a kept answer at most that old. Other directives are ignored.',
      example: 'no-cache',
    }),
});

const extension = z.string().regex(EXTENSION, 'must be a phone number, extension or SIP address');

/** A comma-separated list of some of `values`: `completed,failed`. */
const valueList = (values: readonly string[]) => {
  const one = `(${values.join('|')})`;
  return z
    .string()
    .max(256)
    .regex(
      new RegExp(`^${one}(,${one})*$`),
      `must be one or more of ${values.join(', ')}, comma-separated`,
    );
};
// `unknown` is what the gateway says when it cannot tell; no provider can be asked for it.
const FILTER_STATES = CALL_STATES.filter((state) => state !== 'unknown');
const FILTER_OUTCOMES = CALL_OUTCOMES.filter((outcome) => outcome !== 'unknown');
const phoneNumber = z
  .string()
  .regex(/^\+?[0-9]{3,15}$/, 'must be digits, optionally after a + (sent as %2B)');
const numericId = z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be a positive whole number');
const dateTime = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time with a zone' });
const reference = z.string().regex(REFERENCE, 'must be letters, digits and . _ : @ { } -');

export const FindCallsQuery = z.object({
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
  // Decimal digits only: a coerced number would take `0x10`, `1e2` or `16.0` too.
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'must be a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional()
    .default(100)
    .openapi({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: 'Page size, in decimal digits.',
    }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ description: '`nextCursor` of the previous page.' }),
  state: valueList(FILTER_STATES)
    .optional()
    .openapi({
      description: `Calls in one of these states (comma-separated: ${FILTER_STATES.join(', ')}).`,
      example: 'completed',
    }),
  result: valueList(FILTER_OUTCOMES)
    .optional()
    .openapi({
      description: `Calls that ended with one of these outcomes (comma-separated: ${FILTER_OUTCOMES.join(', ')}).`,
      example: 'answered,voicemail',
    }),
  inbound: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only inbound (`true`) or only outbound (`false`) calls.' }),
  fromNumber: phoneNumber
    .optional()
    .openapi({ description: 'The calling number.', example: '+12132609784' }),
  toNumber: phoneNumber
    .optional()
    .openapi({ description: 'A called number.', example: '+19196991764' }),
  broadcastId: numericId
    .optional()
    .openapi({ description: 'The campaign the calls belong to.', example: '1836940001' }),
  batchId: numericId
    .optional()
    .openapi({ description: 'The contact batch the calls belong to.', example: '7700001' }),
  label: z
    .string()
    .regex(/^[A-Za-z0-9 _.:@#-]{1,100}$/, 'must be letters, digits, spaces and _ . : @ # -')
    .optional()
    .openapi({ description: 'Calls carrying this label.', example: 'survey' }),
  since: dateTime.optional().openapi({
    description:
      'Calls created (CallFire) or started (Verba) at or after this time. Verba needs it with `until`.',
    example: '2014-06-16T00:00:00Z',
  }),
  until: dateTime.optional().openapi({
    description: 'Calls created (CallFire) or started (Verba) before this time.',
    example: '2014-06-17T00:00:00Z',
  }),
  number: z
    .string()
    .regex(/^\+?[0-9*#]{1,32}$/, 'must be digits (part of a number), optionally after a +')
    .optional()
    .openapi({ description: "Part of either party's number (Verba).", example: '8856' }),
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9\u00c0-\u017f .,'_@-]{1,64}$/,
      "must be letters, digits, spaces and . , ' _ @ -",
    )
    .optional()
    .openapi({ description: "Part of either party's name (Verba).", example: 'Lovelace' }),
});

const statusList = z
  .array(z.enum(CALL_STATUSES))
  .min(1)
  .max(2)
  .refine((list) => (STATUS_LISTS as readonly string[]).includes(list.join(',')), {
    message: `must be one of ${STATUS_LISTS.map((s) => `[${s}]`).join(', ')}`,
  })
  .openapi({
    // The sequences themselves: a validator of the document refuses `["next","ongoing"]` too.
    enum: STATUS_LISTS.map((list) => list.split(',')),
    description: 'Which call on `extension`: tried left to right.',
    example: ['ongoing', 'next'],
  });

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
    // Exactly one of these holds for a body the gateway takes (routes/selector.ts).
    oneOf: [
      { required: ['extension', 'status'] },
      { required: ['platformCallId'] },
      { required: ['nativeId'] },
      { required: ['meetingId'] },
    ],
  });

/** The longest segment bound: far past any recording, and still exact as a double. */
export const MAX_SEGMENT_SECONDS = 1_000_000;

/**
 * Seconds into a recording in plain decimal, at most three digits after the point: what
 * Verba is sent is `String()` of it, so `0x10`, `0b1`, `1e2` or `1e-400` (which a coerced
 * number takes) never reach it, nor `1e-7` (what `String()` makes of a tiny value).
 */
export const segmentSeconds = (
  description: string,
  { positive, example }: { positive: boolean; example: number },
) =>
  z
    .string()
    .regex(
      /^(0|[1-9][0-9]{0,6})(\.[0-9]{1,3})?$/,
      'must be seconds in decimal digits, at most three after the point',
    )
    .transform(Number)
    .pipe(
      positive
        ? z.number().gt(0, 'must be more than 0').max(MAX_SEGMENT_SECONDS)
        : z.number().min(0).max(MAX_SEGMENT_SECONDS),
    )
    .optional()
    .openapi({
      type: 'number',
      ...(positive ? { exclusiveMinimum: 0 } : { minimum: 0 }),
      maximum: MAX_SEGMENT_SECONDS,
      example,
      description: `${description} Decimal digits, at most three after the point (\`12.5\`): no sign, exponent or hex.`,
    });

const RANGE_SPEC = /^(?:([0-9]{1,15})-([0-9]{0,15})|-([0-9]{1,15}))$/;

/**
 * `Range` (RFC 9110 §14.2), checked before anything is sent: the provider is sent one
 * well-formed byte range or nothing. Another unit (`items=0-1`) is ignored, as §14.2 says
 * an origin must, and so is a set of several ranges (which the relay does not split), so the
 * whole recording comes back with a 200. A malformed `bytes` range (`bytes=5-1`, `bytes=x`)
 * is a 400: a server may ignore or reject such a header, and this one says what is wrong.
 */
export const RangeHeader = z
  .string()
  .max(200)
  .transform((value, ctx): string | undefined => {
    const [unit, set] = splitOnce(value.trim(), '=');
    if (unit.toLowerCase() !== 'bytes') return undefined;
    const specs = (set ?? '').split(',').map((spec) => spec.trim());
    for (const spec of specs) {
      const match = RANGE_SPEC.exec(spec);
      const [, first, last] = match ?? [];
      if (!match || (first !== undefined && last && Number(last) < Number(first))) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be bytes=<first>-<last> (first not after last), bytes=<first>- or bytes=-<length>',
        });
        return z.NEVER;
      }
    }
    return specs.length === 1 ? `bytes=${specs[0]}` : undefined;
  })
  .optional()
  .openapi({
    param: { name: 'range', in: 'header' },
    type: 'string',
    pattern: '^bytes=([0-9]{1,15}-[0-9]{0,15}|-[0-9]{1,15})$',
    description:
      'One byte range (RFC 9110): `bytes=<first>-<last>` with first not after last, `bytes=<first>-` or `bytes=-<length>`, passed to the provider: a 206 when it honours it, a 200 with the whole stream when it does not. A malformed `bytes` range is a 400; another unit, or several ranges, is ignored (a 200 with the whole stream).',
    example: 'bytes=0-65535',
  });

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
