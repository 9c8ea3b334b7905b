// k6/execution, checked the way k6 documents it. Every check must pass:
// the checks threshold turns any failure into exit code 99.
import exec from 'k6/execution';
import { check, sleep } from 'k6';

// What only exists once the test runs throws in the init context.
const initErrors = [
  () => exec.instance.vusActive,
  () => exec.vu.idInTest,
  () => exec.scenario.name,
  () => exec.test.options,
].map((read) => {
  try {
    return 'no error: ' + read();
  } catch (e) {
    return String(e);
  }
});

export const options = {
  tags: { suite: 'exec' },
  scenarios: {
    iters: { executor: 'shared-iterations', vus: 2, iterations: 6, tags: { kind: 'iters' } },
    timed: { executor: 'constant-vus', vus: 1, duration: '600ms', exec: 'timed' },
  },
  thresholds: {
    checks: ['rate==1'],
    // Set once per VU through exec.vu.metrics.tags, then on every sample.
    'iterations{team:nats,scenario:iters}': ['count==6'],
    'checks{team:nats}': ['rate==1'],
  },
};

export function setup() {
  check(initErrors, {
    'init: every sub-object throws': (errs) => errs.every((e) => e.includes('init context is not supported')),
  });
  check(exec.instance, {
    'setup: all VUs are initialized before setup': (i) => i.vusInitialized === 3,
    'setup: nothing active yet': (i) => i.vusActive === 0 && i.iterationsCompleted === 0,
    'setup: the run has started': (i) => i.currentTestRunDuration >= 0,
  });
  let scenarioError = '';
  try {
    exec.scenario.name;
  } catch (e) {
    scenarioError = String(e);
  }
  check(scenarioError, { 'setup: exec.scenario throws outside a scenario': (e) => e.includes('outside of a scenario') });
  check(exec.vu.idInTest, { 'setup: runs in VU 0': (id) => id === 0 });
  return { started: Date.now() };
}

export default function () {
  const tags = exec.vu.metrics.tags;
  if (tags.team === undefined) {
    tags.team = 'nats'; // later iterations of this VU carry it without setting it
  }
  tags.bad = { not: 'a tag value' }; // refused with a warning
  check(exec.vu, {
    'vu.tags is metrics.tags': (vu) => vu.tags.team === 'nats' && vu.tags === vu.metrics.tags,
    'tags include the scenario and its tags': (vu) => vu.tags.scenario === 'iters' && vu.tags.kind === 'iters' && vu.tags.suite === 'exec',
    'objects are not accepted as tag values': (vu) => vu.tags.bad === undefined,
    'ids in 1..3': (vu) => vu.idInTest >= 1 && vu.idInTest <= 3 && vu.idInInstance === vu.idInTest,
  });
  const md = exec.vu.metrics.metadata;
  md.trace_id = 'abc' + exec.vu.iterationInScenario;
  check(md, { 'metadata is set and read back': (m) => m.trace_id === 'abc' + exec.vu.iterationInScenario });
  delete md.trace_id;
  check(md, { 'metadata is deleted': (m) => m.trace_id === undefined && !('trace_id' in m) });

  check(exec.instance, {
    'instance: 3 VUs initialized': (i) => i.vusInitialized === 3,
    'instance: this VU is active': (i) => i.vusActive >= 1 && i.vusActive <= 3,
    'instance: none interrupted': (i) => i.iterationsInterrupted === 0,
    'instance: completed grows': (i) => i.iterationsCompleted >= 0 && i.iterationsCompleted < 6 + 100,
    'instance: duration in ms': (i) => i.currentTestRunDuration > 0 && i.currentTestRunDuration < 60000,
  });
  check(exec.scenario, {
    'scenario: progress in [0,1]': (s) => s.progress >= 0 && s.progress <= 1,
    // done/6 for shared-iterations: a whole number of sixths
    'scenario: shared-iterations progress counts iterations': (s) => Math.abs(s.progress * 6 - Math.round(s.progress * 6)) < 1e-9,
  });

  const o = exec.test.options;
  check(o, {
    'options: scenarios as consolidated': (x) => x.scenarios.iters.executor === 'shared-iterations' && x.scenarios.iters.iterations === 6 && x.scenarios.iters.vus === 2,
    'options: durations in k6 form': (x) => x.scenarios.timed.duration === '600ms' && x.scenarios.timed.gracefulStop === '30s' && x.setupTimeout === '1m0s',
    'options: unset is null': (x) => x.vus === null && x.duration === null && x.iterations === null,
    'options: defaults applied': (x) => x.summaryTrendStats.join() === 'avg,min,med,max,p(90),p(95)',
    'options: tags and thresholds': (x) => x.tags.suite === 'exec' && x.thresholds.checks[0] === 'rate==1',
    'options: frozen all the way down': (x) => Object.isFrozen(x) && Object.isFrozen(x.scenarios) && Object.isFrozen(x.scenarios.iters),
  });
  let assignError = '';
  try {
    o.vus = 100; // module code is strict: writing a frozen object throws
  } catch (e) {
    assignError = String(e);
  }
  check(assignError, { 'options: cannot be changed': (e) => e.includes('TypeError') && exec.test.options.vus === null });
}

export function timed() {
  const tags = exec.vu.metrics.tags;
  tags.temp = 'x';
  check(tags, { 'timed: a tag set is there': (t) => t.temp === 'x' });
  delete tags.temp;
  check(tags, { 'timed: a deleted tag is gone': (t) => t.temp === undefined });
  sleep(0.2);
  check(exec.scenario, {
    'timed: progress follows time': (s) => s.progress > 0 && s.progress <= 1,
    'timed: constant-vus': (s) => s.executor === 'constant-vus' && s.name === 'timed',
  });
}

export function teardown() {
  check(exec.instance, {
    'teardown: no VU active': (i) => i.vusActive === 0,
    'teardown: every iteration completed': (i) => i.iterationsCompleted >= 6 + 1 && i.iterationsInterrupted === 0,
  });
}
