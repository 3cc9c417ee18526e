// A regime given as JSON text (`--regime`), parsed with a usage error that shows the expected form.
import { UsageError } from '../errors.ts';

export function regimeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new UsageError(`--regime: not valid JSON (${reason}); expected an object such as '{"K":3,"n":2,"d":4,"lambdaW":0.01,"lambdaH":0.01}'`);
  }
}
