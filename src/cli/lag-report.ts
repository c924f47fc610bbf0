// `--lag-report FILE` for `dcsim cclf` (issue 17, item 3): the lag triangle and chain-ladder completion
// factors written as CSV through the render registry and an atomic file sink. The `dcsim cclf` command
// (src/cli/cclf.ts) calls writeLagReport with the triangle its reader filled and the --as-of month.
import { openFileSink } from '../io/output.js';
import { render, type RenderOptions } from '../render/registry.js';
import { lagReport } from '../report/lag.js';
import { completion, type LagTriangle, type YearMonth } from '../usecases/cclf/lag.js';

export async function writeLagReport(path: string, triangle: LagTriangle, asOf: YearMonth, opts: RenderOptions = {}): Promise<void> {
  const model = lagReport(triangle, completion(triangle, asOf));
  const sink = await openFileSink(path);
  try {
    await render('lag', model, 'csv', sink, opts);
    await sink.commit();
  } catch (e) {
    await sink.abort();
    throw e;
  }
}
