// The `assumed` list of a scenario under rule set lead: every value in effect that is tagged [S]
// (secondary only) or [U] (not found: a proposal) and that the scenario did not give itself, with its
// tag and source, so nobody mistakes an assumption for CMS's rule (METHODOLOGY-2027 section 1).
import { formatRatio } from '../domain/exact.js';
import {
  joinTags, LATER_PYS_NOTE, LEAD_FIRST_PY, LEAD_TERMS, perYearText, type AssumedValue, type LeadTermKey,
} from '../domain/lead.js';
import { scheduleTag, type Band, type Tag } from '../domain/rules.js';
import { valueFor, type PerYear } from '../domain/scenario.js';
import type { Resolved } from './resolve.js';

const bandsText = (b: readonly Band[]): string => b.map((x) => `${x.from}-${x.to ?? ''}:${x.share}`).join(',');

/** The assumed values of a resolved scenario (empty unless its rule set is lead). */
export function leadAssumed(s: Resolved): AssumedValue[] {
  if (s.rules.id !== 'lead') return [];
  const input = s.input;
  const out: AssumedValue[] = [];
  const pys = s.years.map((y) => y.py);
  /** PYs where a per-year key was not given (its default is in effect). */
  const defaulted = (p: PerYear | undefined): number[] => pys.filter((py) => valueFor(p, py) === undefined);
  const term = (k: LeadTermKey, when = true): void => {
    const t = LEAD_TERMS[k];
    if (when && input[k] === undefined) out.push({ key: k, value: t.value, tag: t.tag, source: t.source });
  };
  const fromSchedule = (key: string, p: PerYear | undefined, value: (py: number) => string, tag: (py: number) => Tag | undefined, source: string): void => {
    const ys = defaulted(p);
    const tags = ys.flatMap((py) => tag(py) ?? []);
    if (ys.length && tags.length) out.push({ key, value: perYearText(ys.map((py) => [py, value(py)] as const)), tag: joinTags(tags), source });
  };
  const rules = s.rules;
  const yearOf = (py: number) => s.years.find((y) => y.py === py)!;
  if (s.track.id === 'global') {
    const sched = s.spendingClass === 'higher' && rules.discountHigher ? rules.discountHigher : rules.discount;
    fromSchedule(`discount_rate (${s.spendingClass ?? 'lower'}-spending)`, input.discount_rate, (py) => formatRatio(yearOf(py).rules.discountRate, 10), (py) => scheduleTag(sched, py), sched.source);
  } else if (input.discount_rate === undefined) {
    out.push({ key: 'discount_rate (professional)', value: '0', tag: 'S', source: 'WB: Professional has no discount' });
  }
  fromSchedule('withhold_rate', input.withhold_rate, (py) => formatRatio(yearOf(py).rules.withholdRate, 10), (py) => scheduleTag(rules.withhold, py), rules.withhold.source);
  if (input.withhold_base === undefined) out.push({ key: 'withhold_base', value: 'benchmark (W = w x B, Q = q x W)', tag: 'U', source: 'base and earn-back curve not found; as the REACH PUF shows' });
  out.push({ key: 'msr', value: '0 (none: sharing from the first dollar)', tag: 'S', source: 'WK-G, WB' });
  const corr = s.track.corridors.lead;
  if (input.corridor_savings_bands === undefined) out.push({ key: 'corridor_savings_bands', value: bandsText(corr.standard), tag: corr.tag ?? 'S', source: corr.source });
  if (input.corridor_loss_bands === undefined && corr.losses) out.push({ key: 'corridor_loss_bands', value: bandsText(corr.losses), tag: corr.lossTag ?? 'S', source: corr.lossSource ?? corr.source });
  fromSchedule('sequestration_rate', input.sequestration_rate, (py) => formatRatio(yearOf(py).rules.sequestrationRate, 10), (py) => scheduleTag(rules.sequestration, py), rules.sequestration.source);
  term('sequestration_on_losses');
  const higher = s.spendingClass === 'higher';
  term('admin_addon_rate', higher);
  term('admin_addon_treatment', higher);
  if (s.capitation.id === 'pcc') {
    if (input.pcc_base_rate === undefined && input.pcc_rate === undefined) {
      fromSchedule('pcc_base_rate', undefined, (py) => formatRatio(yearOf(py).values.pcc_base_rate ?? yearOf(py).rules.capitation.rate!, 10), (py) => scheduleTag(rules.pccRate, py), rules.pccRate.source);
    }
    term('pcc_target');
    term('pcc_floor');
  } else {
    out.push({ key: 'enhanced_pcc (tcc)', value: '0', tag: 'U', source: 'Enhanced PCC is taken as a PCC advance: none under TCC' });
  }
  term('stop_loss_net');
  term('hpp_bonus');
  term('retention_withhold_rate');
  term('rta');
  if (input.heba_up_pbpm === undefined && input.heba_down_pbpm === undefined) out.push({ key: 'heba', value: '0', tag: 'U', source: 'no HEBA found for LEAD (CMS-L: the rural add-on is not reconciled)' });
  if (s.years.some((y) => y.rules.lead?.priorYearExpenditure !== undefined)) term('financial_guarantee_rate');
  if (pys.some((py) => py > LEAD_FIRST_PY)) out.push(LATER_PYS_NOTE);
  return out;
}
