import { useSyncExternalStore } from 'react';

interface Subscribable<T> {
  subscribe(listener: () => void): () => void;
  get(): T;
}

/** Re-renders the caller when the store's value changes, and only then. */
export function useStore<T>(store: Subscribable<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * Re-renders the caller only when `select` gives a different primitive (or same-identity) value,
 * e.g. a count, so a frequently changing store does not re-render components that need one fact.
 */
export function useStoreSelector<T, S>(store: Subscribable<T>, select: (value: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
