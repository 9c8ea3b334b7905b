// setup(), teardown() and handleSummary() each run in a fresh VU, as in
// k6: none of them sees the globals another one changed. handleSummary's
// data carries setup_data, and data_sent/data_received even when no
// NATS traffic happened.
import { check } from 'k6';

let changedBy = 'init';

export const options = {
  iterations: 3,
  thresholds: { checks: ['rate==1'] },
};

export function setup() {
  changedBy = 'setup';
  globalThis.setupRan = true;
  return { token: 'abc', list: [1, 2] };
}

export default function (data) {
  check(data, { 'iterations get the setup data': (d) => d.token === 'abc' });
  check(globalThis.setupRan, { 'iterations do not see setup globals': (v) => v === undefined });
  changedBy = 'iteration';
}

export function teardown(data) {
  check(data, { 'teardown gets the setup data': (d) => d.token === 'abc' && d.list.length === 2 });
  check(changedBy, { 'teardown runs in a fresh VU': (c) => c === 'init' && globalThis.setupRan === undefined });
  changedBy = 'teardown';
}

export function handleSummary(data) {
  return {
    stdout: JSON.stringify({
      setupData: data.setup_data,
      freshVU: changedBy === 'init' && globalThis.setupRan === undefined,
      dataSent: data.metrics.data_sent ? data.metrics.data_sent.values.count : null,
      dataReceived: data.metrics.data_received ? data.metrics.data_received.values.count : null,
      checks: data.metrics.checks.values.passes,
    }),
  };
}
