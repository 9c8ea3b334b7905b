// Self-checking: run with a config file layer {iterations: 9, vus: 3},
// K6_VUS=2 and -i 4. The script's own iterations (1) lose to the flag,
// its vus (1) to K6_VUS, and the thresholds fail the run otherwise.
import { check } from 'k6';

export const options = {
  vus: 1,
  iterations: 1,
  thresholds: {
    checks: ['rate==1'],
    iterations: ['count==4'],
    vus_max: ['value==2'],
  },
};

export default function () {
  check(__VU, { 'runs on one of 2 VUs': (vu) => vu >= 1 && vu <= 2 });
}
