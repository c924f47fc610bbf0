// CMS's REACH PUF (284 entity-years, PY2021-2023): the checkout's copy under fixtures/, else the
// shared data folder it was copied from.
import { existsSync } from 'node:fs';

export const PUF = ['fixtures/reach-puf/reach_results_py2021_2023.csv', '/work/shared/data/reach-puf/reach_results_py2021_2023.csv'].find((p) => existsSync(p))!;
