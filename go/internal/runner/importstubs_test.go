package runner

import (
	"encoding/json"
	"strings"
	"testing"
)

// Every module's declared named exports (the bundle's import stubs) are
// exactly the members it builds: its own properties, and for the NATS
// module the methods of its prototype too.
func TestBuiltinModuleExportsAreWhatTheModulesBuild(t *testing.T) {
	declared, err := json.Marshal(scriptBuiltins())
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, `import { check } from 'k6';
const declared = `+string(declared)+`;
export const options = { iterations: 1 };
export default function () {
  for (const [name, want] of Object.entries(declared)) {
    const m = require(name);
    const names = new Set(Object.getOwnPropertyNames(m));
    const proto = Object.getPrototypeOf(m);
    if (want.Methods) for (const k of Object.getOwnPropertyNames(proto)) if (k !== 'constructor') names.add(k);
    const got = [...names].sort().join(',');
    if (!check(got, { [name]: (g) => g === want.Exports.join(',') })) console.error(name + ' builds ' + got + ', declares ' + want.Exports.join(','));
  }
}`)
	r.wantAllChecks(t, float64(len(builtinModules)))
}

// Named imports work for every kind of module, as in k6: the NATS
// module's functions are bound to it, k6's functions and constructors are
// the module's own, and a namespace import and require see the same.
// The connection they make reaches the embedded server: a message
// published through it comes back.
func TestNamedImportsOfTheBuiltinModules(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats, { connect, ErrorCode, consumerConfig } from 'k6/x/nats';
import * as pondigo from 'k6/Pondigo/nats';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { vu, scenario } from 'k6/execution';
import { setTimeout } from 'k6/timers';
import { b64encode } from 'k6/encoding';
const sent = new Counter('stub_sent');
const trend = new Trend('stub_trend');
const vuAtInit = vu;
export const options = { iterations: 1 };
export default function () {
  const conn = connect();
  const back = pondigo.connect();
  let got = '';
  const sub = back.subscribe('stubs.named', '', (m) => { got = m.data; });
  back.flush();
  conn.publish('stubs.named', b64encode('hi'));
  conn.flush();
  sent.add(1);
  sleep(0.2);
  let timer = false;
  setTimeout(() => { timer = true; }, 1);
  sleep(0.05);
  check(null, {
    'message came back': () => got === 'aGk=',
    'ErrorCode is the module\'s': () => ErrorCode === nats.ErrorCode && ErrorCode.InvalidConfig === 1003,
    'consumerConfig works unbound': () => consumerConfig({ durable: 'd' }).durable === 'd',
    'namespace has default and names': () => pondigo.default.connect !== undefined && typeof pondigo.jetStream === 'function',
    'require sees the same module': () => require('k6/x/nats').ErrorCode === nats.ErrorCode && typeof require('k6').sleep === 'function',
    'metrics constructors': () => trend instanceof Trend,
    'execution': () => vuAtInit === vu && vu.idInTest === 1 && scenario.name === 'default',
    'timers': () => timer,
  });
  sub.unsubscribe();
  conn.close();
  back.close();
}`}, Config{})
	r.wantAllChecks(t, 8)
	if n := r.metric(t, "stub_sent", "count"); n != 1 {
		t.Fatalf("stub_sent %v, want 1", n)
	}
}

// A name a module does not export fails the bundle, naming the import
// and the module as the script wrote them, as k6 refuses it.
func TestImportOfAMissingExportFailsTheBundle(t *testing.T) {
	r := run(t, `import { sleepy } from 'k6';
export default function () { sleepy(1); }`)
	r.wantCode(t, ExitScriptException)
	if want := `No matching export in \"k6\" for import \"sleepy\"`; !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr does not say %s:\n%s", want, r.stderr)
	}
}
