// Failover under load: does the cluster lose acknowledged messages when
// the stream leader dies? Needs natsk6's embedded cluster:
//
//   bin/natsk6 run --embedded-cluster 3 examples/failover.ts
//
// One VU publishes acked, accounting-stamped messages to an R3 stream in
// phases: before the leader is killed, through the election onto the new
// leader, after the old leader restarts, and after a leader step-down.
// Publishes that fail meanwhile are not retried: the accounting counts
// them as unacked (outcome unknown). teardown() reads the stream back, so
// nats_msgs_lost counts the acknowledged messages the stream lacks, and
// the summary's MESSAGE ACCOUNTING line shows the longest ack stall.
import nats from 'k6/x/nats';
import cluster from 'k6/x/nats/cluster';
import { check, sleep } from 'k6';

const STREAM = 'EXAMPLE_FAILOVER';
const SUBJECT = 'example.failover';
/** Acknowledged publishes per phase. */
const PHASE = 300;

export const options = {
  iterations: 1,
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
  if (!cluster.available) throw new Error('run it with: natsk6 run --embedded-cluster 3 examples/failover.ts');
  js.addStream(nats.streamConfig({ name: STREAM, subjects: [SUBJECT], replicas: 3, storage: 'file' }));
}

let published = 0;

/** Publishes until n more are acknowledged; a failure is left unacked. */
function publishAcked(n: number): void {
  for (let acked = 0; acked < n; ) {
    published++;
    try {
      js.publish(SUBJECT, `m${published}`, { msgId: `m${published}`, timeout: 1000 });
      acked++;
    } catch {
      // No leader (an election) or a reconnect: the accounting says unacked.
    }
    sleep(0.002);
  }
}

export default function (): void {
  publishAcked(PHASE);
  const leader = cluster.leaderOf(STREAM);
  cluster.killNode(leader);
  publishAcked(PHASE);
  check(cluster.leaderOf(STREAM), { 'another node leads': (l) => l >= 0 && l !== leader });
  cluster.restartNode(leader);
  publishAcked(PHASE);
  cluster.stepDownStreamLeader(STREAM);
  publishAcked(PHASE);
}

export function teardown(): void {
  const res = js.readBack(STREAM);
  check(res, { 'every stored message is stamped': (r) => r.stamped === r.messages });
}
