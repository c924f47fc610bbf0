// Vega-Lite specs to static SVG, at build time in Node (vega's headless View, no canvas, no DOM):
// the report carries the finished pictures and needs no script. Each SVG gets a <title> and <desc>
// for screen readers and loses its XML namespace attributes (inline SVG in HTML does not need them,
// and the file then names no http(s) address at all).
import { visibleControls } from './terminal.js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './charts.js';

export function escapeXml(s: string): string {
  // the one escaping path of text from data: control and bidi characters shown (render/terminal.ts)
  return visibleControls(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Render one chart to an accessible inline <svg>. */
export async function chartSvg(c: ChartSpec): Promise<string> {
  const vg = compile(c.spec as unknown as TopLevelSpec).spec;
  // No loader is given: every spec carries its data inline, and nothing may be fetched.
  const view = new View(parse(vg), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const tid = `${c.id}-title`;
  const did = `${c.id}-desc`;
  return svg
    .replace(/\s(xmlns(:xlink)?|version)="[^"]*"/g, '')
    .replace(/^<svg([^>]*)>/, (_m, attrs: string) => {
      const a = attrs.replace(/\s(role|aria-[a-z]+)="[^"]*"/g, '');
      return `<svg${a} role="img" aria-labelledby="${tid} ${did}" id="${c.id}"><title id="${tid}">${escapeXml(c.title)}</title><desc id="${did}">${escapeXml(c.desc)}</desc>`;
    });
}
