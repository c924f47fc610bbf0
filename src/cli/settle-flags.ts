// The flags of `dcsim settle`: the what-if scenario keys it uses (each as in every other command),
// --vary, --check and --summary, with help that teaches.
import { Command, Option } from 'commander';
import { kebab, SCENARIO_KEYS } from '../domain/scenario.js';
import { SETTLE_KEYS } from '../usecases/settle/whatif.js';

export function addSettleFlags(cmd: Command): Command {
  cmd.option('-s, --scenario <file>', `scenario JSON file with what-if keys (${SETTLE_KEYS.join(', ')}); flags override it`);
  for (const key of SETTLE_KEYS) {
    const spec = SCENARIO_KEYS[key];
    const arg = spec.kind === 'perYear' ? '<value|PY=value,...>' : '<value>';
    const doc = key === 'rules' ? `${spec.doc} (default: reach at entity level)`
      : key === 'track' ? `re-settle every row on this track: professional or global (default: the row's own)`
      : key === 'discount_rate' ? `${spec.doc}, Global rows only (default: the row's own; the rule set's for a switch to Global; Professional has none)`
      : key === 'retention_withhold_rate' ? "retention withhold: a share of B - D - W + Q taken off B* (default: the row's own, else 0)"
      : `${spec.doc} (default: ${key === 'quality_score' ? "the row's own, else " : ''}${spec.default})`;
    const o = new Option(`--${kebab(key)} ${arg}`, doc);
    if (spec.kind === 'enum') o.choices(spec.values as unknown as string[]);
    cmd.addOption(o);
  }
  return cmd
    .option('--vary <KEY=values>', 'vary a what-if key: KEY=v1,v2,... or KEY=start:stop:step (stop inclusive); repeatable, the grid is the product; one row per scenario x entity-PY', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--check', 'compare with the published amounts (published_shared_savings / SHARED_SAVINGS, published_settlement / SHARED_SAVINGS_SEQ): difference columns, a summary on stderr')
    .option('--tolerance <dollars>', 'with --check: the largest difference counted as reproduced (default 0.01)')
    .option('--strict', 'with --check: exit 1 when a row differs by more than the tolerance')
    .option('--summary', 'print what the rows show instead of the rows: entities that saved, lost, went beyond the first corridor band, by PY');
}

export const SETTLE_HELP = `
Input: one row per entity per PY. Generic names (METHODOLOGY section 11): entity_id, performance_year,
track, expenditure, performance_benchmark (B*, before HEBA) or benchmark (B); optional entity_name,
heba_up, heba_down, discount_rate, quality_score, retention_withhold_rate, published_shared_savings,
published_settlement. CMS's PUF names are recognised too (ACO_ID, PERF_YEAR, RISK_ARRANGEMENT,
FINAL_BENCHMARK, TOT_COST_CARE_NET, HEBA_UP_AMT, HEBA_DOWN_AMT, DISCOUNT, QUAL_SCR, RETENTION_WITHHOLD,
SHARED_SAVINGS, SHARED_SAVINGS_SEQ). Money may carry 4 decimals; every derived line is rounded to the cent.

Without what-ifs: S = B* + H - E, the corridor on B* + H, 2% sequestration of positive amounts.
With what-ifs: B (given, or recovered as B* / ((1 - d - w x (1 - q)) x (1 - rw)) with the row's d, q,
rw and rule set reach's w) is settled again under the new values; HEBA and E stay as given.

Examples:
  dcsim settle reach_results_py2021_2023.csv --check               replay CMS's results, compare
  dcsim settle reach_results_py2021_2023.csv --summary             who saved, who lost, by PY
  dcsim settle results.csv --track professional -O csv             every Global entity as Professional
  dcsim settle results.csv --quality-score 2023=0.8 -O json
  dcsim settle results.csv --vary discount_rate=0.01:0.05:0.01 -O csv
  dcsim compare results.csv                                        each entity under each option`;
