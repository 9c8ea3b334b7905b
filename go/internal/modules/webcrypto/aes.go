package webcrypto

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"

	"github.com/grafana/sobek"
)

// aesOp encrypts (or decrypts) data with an AES-GCM or AES-CBC key.
func aesOp(rt *sobek.Runtime, algV, keyV, data sobek.Value, encrypt bool) (any, error) {
	usage := "decrypt"
	if encrypt {
		usage = "encrypt"
	}
	alg, err := parseAlgorithm(algV)
	if err != nil {
		return nil, err
	}
	if alg.name != "AES-GCM" && alg.name != "AES-CBC" {
		return nil, errorf("NotSupportedError", "%s: natsk6 implements AES-GCM and AES-CBC, not %s", usage, alg.name)
	}
	k, err := keyFor(keyV, alg.name, usage)
	if err != nil {
		return nil, err
	}
	in, err := bufferSource(data, usage+" data")
	if err != nil {
		return nil, err
	}
	ivV := alg.param("iv")
	if ivV == nil {
		return nil, errorf("TypeError", "%s: the iv member is required", alg.name)
	}
	iv, err := bufferSource(ivV, "iv")
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k.secret)
	if err != nil {
		return nil, errorf("OperationError", "%s: %v", alg.name, err)
	}
	var out []byte
	if alg.name == "AES-GCM" {
		out, err = gcm(alg, block, iv, in, encrypt)
	} else {
		out, err = cbc(block, iv, in, encrypt)
	}
	if err != nil {
		return nil, err
	}
	return rt.NewArrayBuffer(out), nil
}

// gcm seals or opens with the iv and tagLength (bits, default 128) and
// additionalData the algorithm object gives; ciphertext ends with the tag.
func gcm(alg algorithm, block cipher.Block, iv, in []byte, encrypt bool) ([]byte, error) {
	if len(iv) == 0 {
		return nil, errorf("OperationError", "AES-GCM: the iv is empty")
	}
	tagBits := int64(128)
	if t := alg.param("tagLength"); t != nil {
		tagBits = t.ToInteger()
	}
	var aead cipher.AEAD
	var err error
	switch {
	case tagBits == 128:
		aead, err = cipher.NewGCMWithNonceSize(block, len(iv))
	case len(iv) == 12 && (tagBits == 96 || tagBits == 104 || tagBits == 112 || tagBits == 120):
		aead, err = cipher.NewGCMWithTagSize(block, int(tagBits/8))
	default:
		return nil, errorf("NotSupportedError", "AES-GCM: tagLength %d with a %d-byte iv is not supported (use tagLength 128, or 96 to 120 with a 12-byte iv)", tagBits, len(iv))
	}
	if err != nil {
		return nil, errorf("OperationError", "AES-GCM: %v", err)
	}
	var aad []byte
	if a := alg.param("additionalData"); a != nil {
		if aad, err = bufferSource(a, "additionalData"); err != nil {
			return nil, err
		}
	}
	if encrypt {
		return aead.Seal(nil, iv, in, aad), nil
	}
	out, err := aead.Open(nil, iv, in, aad)
	if err != nil {
		return nil, errorf("OperationError", "AES-GCM: the data does not authenticate with this key, iv and additionalData")
	}
	return out, nil
}

// cbc encrypts with PKCS#7 padding, or decrypts and removes it.
func cbc(block cipher.Block, iv, in []byte, encrypt bool) ([]byte, error) {
	n := block.BlockSize()
	if len(iv) != n {
		return nil, errorf("OperationError", "AES-CBC: the iv must be %d bytes, got %d", n, len(iv))
	}
	if encrypt {
		pad := n - len(in)%n
		buf := append(bytes.Clone(in), bytes.Repeat([]byte{byte(pad)}, pad)...)
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
		return buf, nil
	}
	if len(in) == 0 || len(in)%n != 0 {
		return nil, errorf("OperationError", "AES-CBC: the ciphertext is not a whole number of %d-byte blocks", n)
	}
	buf := bytes.Clone(in)
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(buf, buf)
	pad := int(buf[len(buf)-1])
	if pad == 0 || pad > n || !bytes.Equal(buf[len(buf)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errorf("OperationError", "AES-CBC: bad padding (wrong key or iv?)")
	}
	return buf[:len(buf)-pad], nil
}
