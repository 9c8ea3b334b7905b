package script

import (
	"fmt"

	"github.com/grafana/sobek"
)

// Module is a bundle parsed and linked as an ES module. It compiles once
// and serves every runtime.
type Module struct {
	record   *sobek.SourceTextModuleRecord
	commonJS bool
}

// Module parses and links the bundle.
func (p *Program) Module() (*Module, error) {
	m, err := sobek.ParseModule(p.Path, p.Code, noImports)
	if err != nil {
		return nil, fmt.Errorf("script %s: %w", p.Path, err)
	}
	if err := m.Link(); err != nil {
		return nil, fmt.Errorf("script %s: %w", p.Path, err)
	}
	return &Module{record: m, commonJS: p.CommonJS}, nil
}

// Evaluate runs the module's code in rt. The Promise settles when its
// top-level awaits have; run rt's event loop until then.
func (m *Module) Evaluate(rt *sobek.Runtime) *sobek.Promise {
	return rt.CyclicModuleRecordEvaluate(m.record, noImports)
}

// Exports returns the script's exports in rt after Evaluate: the module
// namespace, or for a CommonJS script its exports object.
func (m *Module) Exports(rt *sobek.Runtime) *sobek.Object {
	ns := rt.NamespaceObjectFor(m.record)
	if m.commonJS {
		if obj, ok := ns.Get("default").(*sobek.Object); ok {
			return obj
		}
	}
	return ns
}

// noImports is the module resolver for a bundle, which imports nothing.
func noImports(_ interface{}, specifier string) (sobek.ModuleRecord, error) {
	return nil, fmt.Errorf("the bundle imports %q; every import should have been bundled", specifier)
}
