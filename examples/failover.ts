// Failover under load: does the cluster lose acknowledged messages when
// the stream leader dies? On natsk6's embedded cluster:
//
//   bin/natsk6 run --embedded-cluster 3 examples/failover.ts
//   bin/natsk6 run --embedded-cluster 3 -u 5 -d 20s examples/failover.ts   publishing only
//
// The publish scenario sends acked, accounting-stamped messages to an R3
// stream in batches while the faults scenario kills the stream leader,
// waits for another node to lead, restarts the old one and then steps the
// new leader down. A publish that fails meanwhile is not retried: the
// accounting counts it as unacked (outcome unknown). teardown() reads the
// stream back, so nats_msgs_lost counts the acknowledged messages the
// stream lacks, and the summary's MESSAGE ACCOUNTING line shows the
// longest ack stall. Against NATS_URL instead, the stream has one replica
// and the faults iteration fails saying it has nothing to fault.
import nats from 'k6/x/nats';
import cluster from 'k6/x/nats/cluster';
import { check, sleep } from 'k6';

const STREAM = 'EXAMPLE_FAILOVER';
const SUBJECT = 'example.failover';
/** Acknowledged publishes per iteration. */
const BATCH = 50;

export const options = {
  scenarios: {
    publish: { executor: 'constant-vus', vus: 1, duration: '6s', exec: 'default' },
    faults: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'faults', startTime: '1s' },
  },
  thresholds: {
    // Acknowledged and not in the stream: a real loss.
    nats_msgs_lost: ['count==0'],
    // Every msgId is published once, inside the dedup window.
    nats_msgs_duplicated: ['count==0'],
    checks: ['rate==1'],
  },
};

const conn = nats.connect({ accounting: true, maxReconnects: -1, reconnectWait: 0.05 });
const js = nats.jetStream(conn);

export function setup(): void {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  const replicas = cluster.available ? Math.min(3, cluster.size) : 1;
  js.addStream(nats.streamConfig({ name: STREAM, subjects: [SUBJECT], replicas, storage: 'file' }));
}

/** Publishes until BATCH are acknowledged; a failure is left unacked. */
export default function (): void {
  for (let acked = 0, i = 0; acked < BATCH; i++) {
    const id = `${__VU}-${__ITER}-${i}`;
    try {
      js.publish(SUBJECT, id, { msgId: id, timeout: 1000 });
      acked++;
    } catch {
      // No leader (an election) or a reconnect: the accounting says unacked.
    }
    sleep(0.002);
  }
}

/** Waits until a node other than `not` leads the stream; returns it. */
function newLeader(not: number): number {
  for (let tries = 0; tries < 300; tries++) {
    try {
      const leader = cluster.leaderOf(STREAM);
      if (leader >= 0 && leader !== not) return leader;
    } catch {
      // No stream info while the replicas elect a leader.
    }
    sleep(0.1);
  }
  return -1;
}

export function faults(): void {
  if (!cluster.available) throw new Error('nothing to fault: run with natsk6 run --embedded-cluster 3');
  const killed = cluster.leaderOf(STREAM);
  cluster.killNode(killed);
  const next = newLeader(killed);
  check(next, { 'another node leads after the kill': (l) => l >= 0 });
  sleep(1);
  cluster.restartNode(killed);
  sleep(1);
  cluster.stepDownStreamLeader(STREAM);
  check(newLeader(next), { 'another node leads after the step-down': (l) => l >= 0 });
}

export function teardown(): void {
  const res = js.readBack(STREAM);
  check(res, { 'every stored message is stamped': (r) => r.messages > 0 && r.stamped === r.messages });
}
