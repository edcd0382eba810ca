// The lab stories, one or more per built-in analytic, in the order the samples README lists them.
import type { Random } from '../random';
import type { Scenario } from '../records';
import { an0204 } from './an0204';
import { an0327 } from './an0327';
import { an0842 } from './an0842';
import { an0842Sensor } from './an0842Sensor';
import { svcRpcExec } from './svcRpcExec';

export type ScenarioBuilder = (rng: Random, start: number) => Scenario;

export const SCENARIOS: readonly ScenarioBuilder[] = [an0327, svcRpcExec, an0204, an0842, (rng, start) => an0842Sensor(rng, start)];
