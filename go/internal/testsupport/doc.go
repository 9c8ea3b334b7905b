// Package testsupport starts real nats-servers for tests, in process or
// as child processes of bin/nats-server, and waits for conditions by
// polling instead of sleeping. Only _test.go files import it, so the
// natsk6 binary never links it.
package testsupport
