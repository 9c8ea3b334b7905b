// Package data is k6/data: SharedArray, an array built once per test by
// the first VU that asks for it and then read by every VU without a copy
// per VU.
package data

import "sync"

// Registry holds a test's shared arrays by name. Its zero value is ready
// to use; create one per test run and give every VU the same one.
type Registry struct {
	mu     sync.Mutex
	arrays map[string]*shared
}

// shared is one named array: each element kept as its JSON text, the
// form every runtime can parse its own copy from on access.
type shared struct {
	build sync.Mutex // held while the first VU runs the array's function
	built bool
	elems []string
}

// lookup returns the named array, creating an empty entry if new.
func (r *Registry) lookup(name string) *shared {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.arrays == nil {
		r.arrays = map[string]*shared{}
	}
	s, ok := r.arrays[name]
	if !ok {
		s = &shared{}
		r.arrays[name] = s
	}
	return s
}

// get returns the elements of the named array, building them with build
// if no VU has yet. Concurrent callers of a new name wait for the first;
// a failed build is not kept, so the next caller tries again.
func (r *Registry) get(name string, build func() ([]string, error)) ([]string, error) {
	s := r.lookup(name)
	s.build.Lock()
	defer s.build.Unlock()
	if s.built {
		return s.elems, nil
	}
	elems, err := build()
	if err != nil {
		return nil, err
	}
	s.elems, s.built = elems, true
	return elems, nil
}
