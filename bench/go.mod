// The benchmark tooling is its own module (standard library only) so that
// `make bench` never touches the product's dependencies.
module github.com/pondigo/natsk6/bench

go 1.26.0
