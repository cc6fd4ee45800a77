import { badRequest, GatewayError, unknownInstance } from '../core/errors.ts';
import type { InstanceDirectory, RequestInstance } from '../core/instance.ts';
import type { Instance } from './instance.ts';
import { type RequestScope, requestInstance } from './request-instance.ts';

/** The configured instances, and how a request reaches one: by name, or by gateway id. */
export class InstanceRegistry {
  private readonly byName: ReadonlyMap<string, Instance>;

  constructor(instances: readonly Instance[]) {
    this.byName = new Map(instances.map((instance) => [instance.name, instance]));
  }

  /** The instances as one request uses them: its log lines, its upstream totals. */
  forRequest(scope: RequestScope): InstanceDirectory {
    const views = new Map<string, RequestInstance>();
    const view = (instance: Instance) => {
      let found = views.get(instance.name);
      if (!found) {
        found = requestInstance(instance, scope);
        views.set(instance.name, found);
      }
      return found;
    };
    const byName = this.byName;
    return {
      list: () => [...byName.values()].map(view),

      named(name, status = 400) {
        const instance = byName.get(name);
        if (!instance) throw unknownInstance(name, status);
        return view(instance);
      },

      resolve(id) {
        const separator = id.indexOf('_');
        const name = separator > 0 ? id.slice(0, separator) : '';
        const callId = id.slice(separator + 1);
        if (!/^[a-z][a-z0-9-]*$/.test(name) || !callId) {
          throw badRequest(
            "A call id is '<instance>_<providerCallId>', e.g. verba_a8343631-9f35-4a3a-83f0-9e81592339fb.",
            [{ field: 'path.id', message: 'must be <instance>_<providerCallId>' }],
          );
        }
        const instance = byName.get(name);
        if (!instance) {
          const error = unknownInstance(name);
          throw new GatewayError(400, error.code, error.message, {
            ...error.extras,
            errors: [{ field: 'path.id', message: `no provider instance '${name}'` }],
          });
        }
        if (!instance.provider.isCallId(callId)) {
          throw badRequest(`'${truncate(callId)}' is not a ${instance.kind} call id.`, [
            { field: 'path.id', message: `not a ${instance.kind} call id` },
          ]);
        }
        return { instance: view(instance), callId };
      },
    };
  }
}

const truncate = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);
