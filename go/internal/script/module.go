package script

import (
	"fmt"

	"github.com/grafana/sobek"
)

// Module parses and links the bundle as an ES module. The record compiles
// once and serves every runtime: evaluate it in each VU with
// rt.CyclicModuleRecordEvaluate(m, NoImports).
func (p *Program) Module() (*sobek.SourceTextModuleRecord, error) {
	m, err := sobek.ParseModule(p.Path, p.Code, NoImports)
	if err != nil {
		return nil, fmt.Errorf("script %s: %w", p.Path, err)
	}
	if err := m.Link(); err != nil {
		return nil, fmt.Errorf("script %s: %w", p.Path, err)
	}
	return m, nil
}

// NoImports is the module resolver for a bundle, which imports nothing.
func NoImports(_ interface{}, specifier string) (sobek.ModuleRecord, error) {
	return nil, fmt.Errorf("the bundle imports %q; every import should have been bundled", specifier)
}
