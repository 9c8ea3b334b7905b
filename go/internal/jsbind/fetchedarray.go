package jsbind

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// fetchedArray is the array a fetch returns. It makes an element's JsMsg
// object when the script first reads it, so a batch handed straight to
// sub.ackAll costs no JS object per message (two allocations and a
// prototype lookup each). It is a real Array to the script (Array.isArray,
// iteration, its methods), and writes and length changes behave as on any
// array.
type fetchedArray struct {
	b    *Binder
	msgs []*natsmod.JSMsg // fetched messages; nil where the script wrote
	vals []sobek.Value    // elements made or written so far, by index
	ins  []instance       // the elements' wrappers, one allocation for the batch
}

// newFetchedArray returns msgs as a JS array.
func newFetchedArray(b *Binder, msgs []*natsmod.JSMsg) *sobek.Object {
	return b.RT.NewDynamicArray(&fetchedArray{b: b, msgs: msgs})
}

func (a *fetchedArray) Len() int { return max(len(a.msgs), len(a.vals)) }

func (a *fetchedArray) Get(idx int) sobek.Value {
	if idx < 0 || idx >= a.Len() {
		return nil
	}
	if idx < len(a.vals) && a.vals[idx] != nil {
		return a.vals[idx]
	}
	if idx >= len(a.msgs) || a.msgs[idx] == nil {
		return sobek.Undefined() // a hole the script made by growing the array
	}
	if a.ins == nil {
		a.ins = make([]instance, len(a.msgs))
	}
	a.ins[idx] = instance{b: a.b, class: jsMsgClass, self: a.msgs[idx]}
	v := a.b.wrapInstance(&a.ins[idx])
	a.store(idx, v)
	return v
}

func (a *fetchedArray) Set(idx int, val sobek.Value) bool {
	if idx < 0 {
		return false
	}
	if idx < len(a.msgs) {
		a.msgs[idx] = nil
	}
	a.store(idx, val)
	return true
}

func (a *fetchedArray) SetLen(n int) bool {
	if n < 0 {
		return false
	}
	if n < len(a.msgs) {
		clear(a.msgs[n:])
		a.msgs = a.msgs[:n]
	}
	if n < len(a.vals) {
		clear(a.vals[n:])
		a.vals = a.vals[:n]
	} else if n > a.Len() {
		a.store(n-1, nil)
	}
	return true
}

// store sets vals[idx], growing vals to hold it.
func (a *fetchedArray) store(idx int, v sobek.Value) {
	if idx >= len(a.vals) {
		if a.vals == nil {
			a.vals = make([]sobek.Value, max(len(a.msgs), idx+1))
		} else {
			a.vals = append(a.vals, make([]sobek.Value, idx+1-len(a.vals))...)
		}
	}
	a.vals[idx] = v
}

// jsMsgs returns the array's messages for ackAll, reading only the
// elements the script has touched.
func (a *fetchedArray) jsMsgs() ([]*natsmod.JSMsg, error) {
	out := make([]*natsmod.JSMsg, a.Len())
	for i := range out {
		if i < len(a.msgs) && a.msgs[i] != nil {
			out[i] = a.msgs[i]
			continue
		}
		var v sobek.Value
		if i < len(a.vals) {
			v = a.vals[i]
		}
		m, ok := Self(v).(*natsmod.JSMsg)
		if !ok {
			return nil, fmt.Errorf("msgs[%d] is not a JsMsg", i)
		}
		out[i] = m
	}
	return out, nil
}
