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
    return new RequestDirectory(this.byName, scope);
  }
}

/** One per request: its view of each instance it reaches, made on first use. */
class RequestDirectory implements InstanceDirectory {
  readonly #byName: ReadonlyMap<string, Instance>;
  readonly #scope: RequestScope;
  // Most requests reach one instance: the first view is held without a Map.
  #first: RequestInstance | undefined;
  #others: Map<string, RequestInstance> | undefined;

  constructor(byName: ReadonlyMap<string, Instance>, scope: RequestScope) {
    this.#byName = byName;
    this.#scope = scope;
  }

  #view(instance: Instance): RequestInstance {
    if (this.#first?.name === instance.name) return this.#first;
    let found = this.#others?.get(instance.name);
    if (!found) {
      found = requestInstance(instance, this.#scope);
      if (!this.#first) this.#first = found;
      else {
        this.#others ??= new Map();
        this.#others.set(instance.name, found);
      }
    }
    return found;
  }

  list() {
    return [...this.#byName.values()].map((instance) => this.#view(instance));
  }

  named(name: string, status = 400) {
    const instance = this.#byName.get(name);
    if (!instance) throw unknownInstance(name, status);
    return this.#view(instance);
  }

  resolve(id: string) {
    const separator = id.indexOf('_');
    const name = separator > 0 ? id.slice(0, separator) : '';
    const callId = id.slice(separator + 1);
    if (!INSTANCE_NAME.test(name) || !callId) {
      throw badRequest(
        "A call id is '<instance>_<providerCallId>', e.g. verba_a8343631-9f35-4a3a-83f0-9e81592339fb.",
        [{ field: 'path.id', message: 'must be <instance>_<providerCallId>' }],
      );
    }
    const instance = this.#byName.get(name);
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
    return { instance: this.#view(instance), callId };
  }
}

const INSTANCE_NAME = /^[a-z][a-z0-9-]*$/;

const truncate = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);
