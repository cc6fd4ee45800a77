/**
 * Node's webhook sender: undici, redirects not followed, and the allow list checked on the
 * very addresses a connection is made to (a name that resolved well at creation may not
 * any more: DNS rebinding).
 */

import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns';
import { Agent, fetch } from 'undici';
import { DestinationRefused, type Sender } from '../events/delivery.ts';
import { type AllowList, checkAddress, hostAndPort } from '../events/destinations.ts';

export function nodeSender(allow: AllowList): Sender {
  return async (url, init) => {
    const { host, port } = hostAndPort(new URL(url));
    let refused: string | null = null;
    const agent = new Agent({
      connect: {
        lookup: (hostname, options, callback) => {
          lookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => {
            if (error) return callback(error, '', 0);
            const allowed = addresses.filter((a) => {
              const verdict = checkAddress(host, port, a.address, allow);
              if (!verdict.ok) refused = verdict.reason;
              return verdict.ok;
            });
            const first = allowed[0];
            if (!first || refused !== null) {
              return callback(
                new DestinationRefused(`the host ${refused ?? 'has no allowed address'}`),
                '',
                0,
              );
            }
            if ((options as { all?: boolean }).all)
              return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
            return callback(null, first.address, first.family);
          });
        },
      },
    });
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: init.signal,
        dispatcher: agent,
      });
      return response as unknown as Response;
    } catch (error) {
      if (refused !== null) throw new DestinationRefused(`the host ${refused}`);
      throw error;
    } finally {
      agent.close().catch(() => {});
    }
  };
}
