/**
 * Named random keys kept in the gateway's state: a key the operator did not configure
 * (a cursor key, a link-signing key) is made once, at random, by whichever process or
 * isolate first asks, and every other one then reads the same bytes. Nothing about it
 * comes from a credential, so a signature made with it tells nothing about any secret.
 */
import { base64url } from '../encoding.ts';
import type { SqlPort } from './sql.ts';
import type { NamedKeys } from './types.ts';

export type { NamedKeys };

/** Bytes in a key: HMAC-SHA-256's block is larger, its output this size. */
export const NAMED_KEY_BYTES = 32;

const NAMED_KEY_SCHEMA = `CREATE TABLE IF NOT EXISTS named_key (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
)`;

export function randomKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(NAMED_KEY_BYTES));
}

/** Named keys in SQLite (node:sqlite or a Durable Object's storage), as base64url text. */
export class SqlNamedKeys {
  private readonly db: SqlPort;

  constructor(db: SqlPort) {
    this.db = db;
    db.run(NAMED_KEY_SCHEMA);
  }

  getOrCreate(name: string): Uint8Array {
    return this.db.transaction(() => {
      // DO NOTHING on a conflict: a key once kept never changes.
      this.db.run(
        'INSERT INTO named_key (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
        name,
        base64url(randomKey()),
      );
      const [row] = this.db.all('SELECT value FROM named_key WHERE name = ?', name);
      if (typeof row?.value !== 'string') throw new Error(`named key ${name} was not kept`);
      return fromBase64url(row.value);
    });
  }
}

/**
 * Remembers each key once read, since a kept key never changes; a failed read is not
 * remembered, so the next use asks again.
 */
export function cachedKeys(read: (name: string) => Promise<Uint8Array>): NamedKeys {
  const known = new Map<string, Promise<Uint8Array>>();
  return {
    getOrCreate(name) {
      let key = known.get(name);
      if (!key) {
        key = read(name);
        known.set(name, key);
        key.catch(() => known.delete(name));
      }
      return key;
    },
  };
}

/** Where one table holds every instance's keys: the instance's key `key`. */
export const instanceKeyName = (instance: string, key: string) => `instance/${instance}/${key}`;

/** Keys of this process alone: for an adapter built without the gateway's state (tests). */
export function processKeys(): NamedKeys {
  return cachedKeys(async () => randomKey());
}

function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
