{
  description = "natsk6: k6-style load and functional tests for NATS and JetStream";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAll = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      # The versions README.md's "Two commands" names: Go 1.26 as in
      # go/go.mod, Node.js 22 (within package.json's engines), and what the
      # tests use: openssl (js-tests/auth.test.ts makes certificates),
      # curl (podman-setup.sh), and on Linux podman with runc for the
      # js-tests' container path. nats-server and natscli are optional:
      # `make` builds both at the versions the tests and benchmarks pin.
      devShells = forAll (pkgs: {
        default = pkgs.mkShell {
          packages = with pkgs; [ go_1_26 nodejs_22 gnumake git openssl curl nats-server natscli ]
            ++ pkgs.lib.optionals pkgs.stdenv.isLinux [ podman runc ];
        };
      });
    };
}
