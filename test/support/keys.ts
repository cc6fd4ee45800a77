/**
 * Gateway API keys the tests configure and send. Plain fetch only, so workerd tests use
 * them too. The log scan (test/logs) checks that none of them is ever written.
 */

export const TEST_KEYS = {
  /** calls:read, calls:write, calls:delete, recordings:read */
  all: 'cgk_test_all_scopes_4f9a1c7e2b8d',
  reader: 'cgk_test_reader_7c2e9a4f1b6d',
  /** calls:read, calls:write */
  writer: 'cgk_test_writer_2b8d4f9a1c7e',
  /** calls:delete only */
  deleter: 'cgk_test_deleter_9a1c7e2b8d4f',
  /** metrics:read only: what a Prometheus server scrapes with */
  scraper: 'cgk_test_scraper_5e1d3b7a9c2f',
} as const;

/** SHA-256 of each key, as an operator would configure it (checked in test/unit/auth.test.ts). */
export const TEST_KEY_DIGESTS = {
  all: 'dbea6b5021ea369301f35a527234e128271cb2b4835d56c10f2e07686ea2bb19',
  reader: '8cbb435feb47fc402c72d97a5c40168f71c47b2cdcc78001587167a5dff27336',
  writer: '3be1d111ca3b173e41b0fc314929a9cb7acc32e18ce6e14ce6aa3ecc66f67b4d',
  deleter: 'd00d3614719fa60b039b8236de6ae0ac01cc28b1dfb8b315abc88ebcc43f112e',
  scraper: 'b219820938359fb34f8f3639cd7d62fce8864edb1bc4c9a1f54446bea08b9c24',
} as const;

/** GATEWAY_API_KEYS for the tests: digests mostly, one plain `key` entry as for local use. */
export const TEST_API_KEYS = JSON.stringify([
  {
    name: 'test-all',
    sha256: TEST_KEY_DIGESTS.all,
    scopes: ['calls:read', 'calls:write', 'calls:delete', 'recordings:read'],
  },
  { name: 'test-reader', sha256: TEST_KEY_DIGESTS.reader, scopes: ['calls:read'] },
  { name: 'test-writer', key: TEST_KEYS.writer, scopes: ['calls:read', 'calls:write'] },
  { name: 'test-deleter', sha256: TEST_KEY_DIGESTS.deleter, scopes: ['calls:delete'] },
  { name: 'test-scraper', sha256: TEST_KEY_DIGESTS.scraper, scopes: ['metrics:read'] },
]);

/** `init` with `Authorization: Bearer <key>` added, unless it already carries one. */
export function withKey(init: RequestInit | undefined, key: string = TEST_KEYS.all): RequestInit {
  const headers = new Headers(init?.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
  return { ...init, headers };
}
