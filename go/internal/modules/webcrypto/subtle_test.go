package webcrypto

import (
	"strings"
	"testing"
)

// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
const jefe = `const key = await crypto.subtle.importKey('raw', new Uint8Array([74, 101, 102, 101]),
  { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
const data = new Uint8Array(Array.from('what do ya want for nothing?', (c) => c.charCodeAt(0)));
`

func TestHMACSignVerifyWithRFC4231Vector(t *testing.T) {
	const mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got := settle(t, jefe+`return crypto.subtle.sign('HMAC', key, data);`); got != mac {
		t.Fatalf("sign = %s, want %s", got, mac)
	}
	got := settle(t, jefe+`const sig = await crypto.subtle.sign({ name: 'hmac' }, key, data);
const bad = new Uint8Array(sig.slice(0)); bad[0] ^= 1;
return [await crypto.subtle.verify('HMAC', key, sig, data), await crypto.subtle.verify('HMAC', key, bad, data)].join();`)
	if got != "true,false" {
		t.Fatalf("verify(good, tampered) = %s", got)
	}
}

func TestGenerateAndExportKeys(t *testing.T) {
	got := settle(t, `const h = await crypto.subtle.generateKey({ name: 'HMAC', hash: { name: 'SHA-512' } }, true, ['sign']);
const a = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const raw = await crypto.subtle.exportKey('raw', h);
let refused = '';
try { await crypto.subtle.exportKey('raw', a); } catch (e) { refused = e.name; }
return [h.type, h.algorithm.name, h.algorithm.hash.name, h.algorithm.length, raw.byteLength, h.usages.join('+'),
  a.algorithm.name, a.algorithm.length, a.extractable, refused].join();`)
	if got != "secret,HMAC,SHA-512,1024,128,sign,AES-GCM,256,false,InvalidAccessError" {
		t.Fatalf("keys: %s", got)
	}
}

// The GCM specification's test case 3 (AES-128, 96-bit iv, no AAD).
func TestAESGCMWithSpecVector(t *testing.T) {
	const setup = `const key = await crypto.subtle.importKey('raw', bytes('feffe9928665731c6d6a8f9467308308'), 'AES-GCM', false, ['encrypt', 'decrypt']);
const iv = bytes('cafebabefacedbaddecaf888');
const plain = bytes('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
`
	const sealed = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985" +
		"4d5c2af327cd64a62cf35abd2ba6fab4"
	if got := settle(t, setup+`return crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);`); got != sealed {
		t.Fatalf("encrypt = %s\nwant      %s", got, sealed)
	}
	got := settle(t, setup+`const c = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: bytes('abcd') }, key, plain);
const back = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: bytes('abcd') }, key, c);
let tampered = '';
try { await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, c); } catch (e) { tampered = e.name; }
return (hex(back) === hex(plain)) + ',' + tampered;`)
	if got != "true,OperationError" {
		t.Fatalf("round trip / wrong AAD: %s", got)
	}
}

// NIST SP 800-38A F.2.1, first block; PKCS#7 then adds a full block.
func TestAESCBCWithNISTVector(t *testing.T) {
	got := settle(t, `const key = await crypto.subtle.importKey('raw', bytes('2b7e151628aed2a6abf7158809cf4f3c'), { name: 'AES-CBC' }, false, ['encrypt', 'decrypt']);
const iv = bytes('000102030405060708090a0b0c0d0e0f');
const plain = bytes('6bc1bee22e409f96e93d7e117393172a');
const c = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plain);
const back = await crypto.subtle.decrypt({ name: 'AES-CBC', iv }, key, c);
return hex(c).slice(0, 32) + ',' + c.byteLength + ',' + hex(back);`)
	if got != "7649abac8119b246cee98e9b12e9197d,32,6bc1bee22e409f96e93d7e117393172a" {
		t.Fatalf("AES-CBC: %s", got)
	}
}

func TestSubtleErrorsNameTheProblem(t *testing.T) {
	cases := map[string]string{
		jefe + `return crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, data);`: "InvalidAccessError: the key is an HMAC key, not AES-GCM",
		`const k = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-1' }, false, ['verify']);
return crypto.subtle.sign('HMAC', k, new Uint8Array(1));`: `InvalidAccessError: the key's usages [verify] do not include "sign"`,
		`return crypto.subtle.importKey('raw', new Uint8Array(10), 'AES-GCM', false, ['encrypt']);`: "DataError: AES-GCM: the key is 80 bits",
		`return crypto.subtle.importKey('jwk', {}, 'AES-GCM', false, ['encrypt']);`:                 `NotSupportedError: importKey: format "jwk"`,
		`return crypto.subtle.generateKey({ name: 'AES-GCM', length: 100 }, false, ['encrypt']);`:   "OperationError: AES-GCM: length must be 128, 192 or 256",
		`return crypto.subtle.generateKey({ name: 'HMAC' }, false, ['sign']);`:                      "TypeError: HMAC: the hash member is required",
		`return crypto.subtle.generateKey({ name: 'AES-CBC', length: 128 }, false, ['sign']);`:      `SyntaxError: AES-CBC: usage "sign" is not allowed`,
		`return crypto.subtle.generateKey({ name: 'RSA-OAEP' }, false, ['encrypt']);`:               `NotSupportedError: algorithm "RSA-OAEP" is not supported`,
		`return crypto.subtle.sign('HMAC', {}, new Uint8Array(1));`:                                 "TypeError: expected a CryptoKey",
	}
	for body, want := range cases {
		if got := settle(t, body); !strings.Contains(got, "rejected: "+want) {
			t.Errorf("%s\n got %s\nwant rejected: %s", body, got, want)
		}
	}
}
