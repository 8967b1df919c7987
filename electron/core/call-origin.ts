import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where a call came from, for the audit trail: the office server runs each request inside
 * `withCallOrigin`, and every audit entry written while it runs carries the client's address
 * (and the name the client gave, if any). Other transports (Electron, loopback host, CLI) set
 * nothing, and their entries stay as they were.
 */
export interface CallOrigin {
  address: string;
  name?: string;
}

const store = new AsyncLocalStorage<CallOrigin>();

export function withCallOrigin<T>(origin: CallOrigin, fn: () => Promise<T>): Promise<T> {
  return store.run(origin, fn);
}

export function currentCallOrigin(): CallOrigin | undefined {
  return store.getStore();
}
