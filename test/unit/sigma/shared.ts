// Where the shared SigmaHQ material is (HUNTBENCH_SHARED, else ../shared beside the
// repository), and the rule folders of the shared Windows rule set.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..', '..');
export const SIGMA_DIR = join(process.env.HUNTBENCH_SHARED ?? join(REPO, '..', 'shared'), 'sigma');
export const HAS_SIGMA = existsSync(join(SIGMA_DIR, 'regression_data'));
export const RULE_FOLDERS = ['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((f) => join(SIGMA_DIR, f)).filter((f) => existsSync(f));
