// Observable Plot, server-side: a plot rendered into a fresh linkedom document
// and returned as SVG markup, for the self-contained HTML view.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export type PlotOptions = Parameters<typeof Plot.plot>[0];

/** Renders a plot in a fresh server-side document and returns its markup. */
export function svg(options: PlotOptions): string {
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const el = Plot.plot({ ...options, document } as PlotOptions);
  return (el as unknown as { outerHTML: string }).outerHTML;
}
