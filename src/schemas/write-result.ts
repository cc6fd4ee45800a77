import { z } from '@hono/zod-openapi';

export const WriteResultSchema = z
  .object({
    operation: z.enum(['keep', 'unmark', 'delete']),
    instance: z.string(),
    id: z.string().nullable().openapi({ description: 'The call, when addressed by id.' }),
    selector: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'The selector, when addressed by selector.' }),
  })
  .openapi('WriteResult', { description: 'The provider accepted the write.' });
