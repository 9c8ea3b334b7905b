// Imports the helpers by their package name, as a user's project does after
// `npm i -D @pondigo/natsk6`: natsk6's bundler resolves it from node_modules.
import { check } from 'k6';
import { JSONCodec, textPayload, vuConnection } from '@pondigo/natsk6/helpers';

export const options = { iterations: 3 };

const codec = JSONCodec<{ n: number; pad: string }>();

export default function (): void {
  const conn = vuConnection();
  const sub = conn.subscribe('helpers.package', '');
  conn.publish('helpers.package', codec.encode({ n: __ITER, pad: textPayload(64) }));
  const msg = sub.next(2000);
  sub.unsubscribe();
  const got = codec.decode(msg.bytes);
  check(got, {
    'round trip through the JSON codec': (v) => v.n === __ITER,
    'payload of 64 bytes': (v) => v.pad.length === 64,
  });
}
