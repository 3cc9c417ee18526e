// Backends by name, loaded lazily (Hypothesis' AVAILABLE_PROVIDERS idea): an
// optional, heavy backend is imported only when a run selects it, so a machine
// without it still runs everything else. The chosen backend's name and dtype
// are recorded in every result.
import { UsageError } from '../errors.ts';
import type { Backend } from './backend.ts';

type Loader = () => Promise<Backend<unknown>>;

const loaders: Record<string, Loader> = {
  'cpu-f64': async () => (await import('./cpu-f64.ts')).cpuF64 as Backend<unknown>,
};

const aliases: Record<string, string> = { f64: 'cpu-f64', auto: 'cpu-f64' };

export const DEFAULT_BACKEND = 'cpu-f64';

export function backendNames(): string[] {
  return [...Object.keys(loaders), ...Object.keys(aliases)];
}

export async function loadBackend(name: string = DEFAULT_BACKEND): Promise<Backend<unknown>> {
  const resolved = Object.hasOwn(aliases, name) ? aliases[name] : name;
  const loader = Object.hasOwn(loaders, resolved) ? loaders[resolved] : undefined;
  if (loader === undefined) {
    throw new UsageError(`--backend: unknown backend "${name}" (known: ${backendNames().join(', ')})`);
  }
  return loader();
}
