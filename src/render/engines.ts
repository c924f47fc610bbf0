// `dcsim engines` as text: the registered tracks and capitation mechanisms, each scenario key they
// read with its range and default, the corridor tables, the rule sets, then every other key.
import type { Sink } from '../domain/sink.js';
import { LEAD_TERMS } from '../domain/lead.js';
import { RULE_SETS, type Band, type Schedule } from '../domain/rules.js';
import { kebab, KEY_NAMES, rangeText, SCENARIO_KEYS, type ScenarioKey } from '../domain/scenario.js';
import type { EnginesReport } from '../report/engines.js';
import { formatRatio } from '../domain/exact.js';
import { INTERPOLATION_NOTE, LOW_REVENUE_CITE, MSR_TABLE, MSR_TABLE_CITE, MSSP_PY, MSSP_SEQUESTRATION, MSSP_TRACKS, QUALITY_CITE, THRESHOLD_CITE } from '../domain/mssp.js';

function param(k: ScenarioKey): string {
  const s = SCENARIO_KEYS[k];
  const range = 'range' in s ? ` ${rangeText(s.range)}` : 'values' in s ? ` ${s.values.join('|')}` : '';
  return `    ${k} (--${kebab(k)})${range}: ${s.doc}; default ${String(s.default)}`;
}

function pct(s: string): string {
  const n = Number(s) * 100;
  return `${Number.isInteger(n) ? n : n.toFixed(2)}%`;
}

export function enginesText(m: EnginesReport): string {
  const out: string[] = ['Tracks (--track):'];
  for (const t of m.tracks) {
    out.push(`  ${t.id}: ${t.summary}; capitation ${t.capitations.join(' or ')}`);
    for (const k of t.parameters) out.push(param(k));
    for (const [rs, c] of Object.entries(t.corridors)) {
      const bands = (b: readonly Band[]) => b.map((x) => `${pct(x.from)}-${x.to === null ? '' : pct(x.to)} ${pct(x.share)}`).join(', ');
      const tag = c.tag ? `[${c.tag}] ` : '';
      out.push(`    corridors (${rs}): ${bands(c.standard)}${Object.entries(c.byYear ?? {}).map(([y, b]) => `; PY${y}: ${bands(b)}`).join('')} ${tag}${c.source}`);
      if (c.losses && c.losses !== c.standard) out.push(`    corridors (${rs}, losses): ${bands(c.losses)} ${c.lossTag ? `[${c.lossTag}] ` : ''}${c.lossSource ?? c.source}`);
    }
  }
  out.push('', 'Capitation mechanisms (--capitation):');
  for (const c of m.capitations) {
    out.push(`  ${c.id}: ${c.title}: ${c.summary}`);
    for (const k of c.parameters) out.push(param(k));
  }
  out.push('', 'Rule sets (--rules):');
  for (const r of Object.values(RULE_SETS)) {
    // A tagged schedule (rule set lead) shows each value's tag: [S] secondary only, [U] proposed.
    const tagOf = (s: Schedule, y?: string) => (s.tag ? `[${(y !== undefined ? s.tagByYear?.[Number(y)] : undefined) ?? s.tag}]` : '');
    const sched = (s: Schedule) =>
      `${s.byYear ? Object.entries(s.byYear).map(([y, v]) => `${y} ${v}${s.tagByYear ? ` ${tagOf(s, y)}` : ''}`).join(', ') : s.from !== undefined ? `${s.every} every PY from ${s.from} (0 before)` : `every PY ${s.every}`}${s.tag && !s.tagByYear ? ` ${tagOf(s)}` : ''} ${s.source}`;
    const years = r.years ? ` (PY${r.years.first}-${r.years.last}; another PY is an error)` : '';
    out.push(`  ${r.id}: ${r.title}${years}`, `    discount (global${r.discountHigher ? ', lower-spending' : ''}): ${sched(r.discount)}`,
      ...(r.discountHigher ? [`    discount (global, higher-spending): ${sched(r.discountHigher)}`] : []), `    withhold: ${sched(r.withhold)}`, `    sequestration: ${sched(r.sequestration)}`,
      `    heba_up_pbpm: ${sched(r.hebaUp)}`, `    heba_down_pbpm: ${sched(r.hebaDown)}`, `    rta_guardrail (when on): from PY${r.rtaGuardrail.from} ${r.rtaGuardrail.source}`);
    if (r.id === 'lead') {
      for (const [k, t] of Object.entries(LEAD_TERMS)) out.push(`    ${k}: ${t.value} [${t.tag}] ${t.source}`);
      out.push('    [S] and [U] values in effect are listed under "assumed" in every lead output (docs/lead.md)');
    }
  }
  out.push('', 'Programs (--program):');
  for (const p of m.programs) out.push(`  ${p.id}: ${p.title}: ${p.summary}`);
  const mssp = m.programs.find((p) => p.id === 'mssp');
  if (mssp) out.push(...msspText(mssp.parameters));
  const shown = new Set<string>([...m.tracks.flatMap((t) => t.parameters), ...m.capitations.flatMap((c) => c.parameters), ...(mssp?.parameters ?? [])]);
  out.push('', 'Other scenario keys:');
  for (const k of KEY_NAMES) if (!shown.has(k)) out.push(param(k));
  return `${out.join('\n')}\n`;
}

/** Program mssp's keys and its rules as data, each value with its citation and tag (docs/mssp.md). */
function msspText(keys: readonly ScenarioKey[]): string[] {
  const out = [`  mssp covers PY${MSSP_PY.from}-${MSSP_PY.to} [${MSSP_PY.tag}]; its keys:`];
  for (const k of keys) out.push(param(k));
  for (const t of Object.values(MSSP_TRACKS)) {
    const loss = t.lossRate ? `; shared loss rate ${t.lossRate.value === 'quality' ? '1 - 0.75 x q within 40-75% (75% without quality)' : pct(t.lossRate.value)} [${t.lossRate.tag}: ${t.lossRate.cite}]` : '; one-sided';
    const cap = t.lossCap ? `; loss cap ${t.lossCap.rates.length > 1 ? `${pct(t.lossCap.rates[0]!)} of participant revenue, at most ${pct(t.lossCap.rates[1]!)} of B` : `${pct(t.lossCap.rates[0]!)} of B`} [${t.lossCap.tag}: ${t.lossCap.cite}]` : '';
    out.push(`    ${t.id} (${t.title}): sharing rate ${pct(t.sharingRate.value)} [${t.sharingRate.tag}: ${t.sharingRate.cite}]; payment limit ${pct(t.pplRate.value)} of B [${t.pplRate.tag}: ${t.pplRate.cite}]${loss}${cap}`);
  }
  out.push(`    variable MSR [P: ${MSR_TABLE_CITE}]: ${MSR_TABLE.map((r) => `${r.from}+ ${formatRatio({ n: r.rate.n * 100n, d: r.rate.d }, 2)}%`).join(', ')}`,
    `    ${INTERPOLATION_NOTE}`, `    quality [P: ${QUALITY_CITE}]; thresholds [P: ${THRESHOLD_CITE}]; low revenue [P: ${LOW_REVENUE_CITE}]`,
    `    sequestration ${pct(MSSP_SEQUESTRATION.value)} on positive shared savings [${MSSP_SEQUESTRATION.tag}: ${MSSP_SEQUESTRATION.cite}]`);
  return out;
}

/** The registry's renderer of `dcsim engines` (text, whatever the terminal). */
export async function enginesRenderer(m: EnginesReport, out: Sink): Promise<void> {
  await out.write(enginesText(m));
}
