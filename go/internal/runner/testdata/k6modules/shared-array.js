// k6/data SharedArray fed from an open()ed JSON file, read by three VUs.
import { check } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';

export const options = { vus: 3, iterations: 6, thresholds: { checks: ['rate==1'] } };

const users = new SharedArray('users', function () {
  console.log('loading users.json');
  return JSON.parse(open('./users.json'));
});

export function setup() {
  return { first: users[0].name };
}

export default function (data) {
  const names = [];
  for (const u of users) names.push(u.name);
  let writeRefused = false;
  try { users[0] = { name: 'mallory' }; } catch (e) { writeRefused = e instanceof TypeError; }
  let elementFrozen = false;
  try { users[1].name = 'mallory'; } catch (e) { elementFrozen = e instanceof TypeError; }
  let outsideInit = '';
  try { new SharedArray('late', () => []); } catch (e) { outsideInit = String(e); }
  const mine = users[exec.vu.idInTest % users.length];
  check(users, {
    'length': (a) => a.length === 3,
    'index access': (a) => a[2].name === 'cy' && a[2].tags[0] === 'admin',
    'for..of': () => names.join() === 'ann,bob,cy',
    'array methods': (a) => a.filter((u) => u.tags.length > 0).length === 2,
    'out of range is undefined': (a) => a[3] === undefined,
    'writes throw': () => writeRefused && users[0].name === 'ann',
    'elements are frozen': () => elementFrozen && users[1].name === 'bob',
    'not constructible outside init': () => outsideInit.includes('init context'),
    'setup read it too': () => data.first === 'ann',
    'per-VU pick': () => typeof mine.name === 'string',
  });
}
